/** Pure helpers for the model card: defensive reads of metrics.json, number formatting and chart geometry. */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { formatPercent } from '../../core/format';
import type { CalibrationBin, WithCi } from './types';

/** The value if it is a finite number, else undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A fraction as a percentage, "85.3%", or "not available". */
export function pct(v: unknown, digits = 1): string {
  const n = num(v);
  return n === undefined ? 'not available' : formatPercent(n, digits);
}

/** A statistic with its interval: "85.3% (95% CI 80.1–88.2%)"; without a valid interval just the value. */
export function pctCi(s: WithCi | undefined | null, digits = 1): string {
  const v = num(s?.value);
  if (v === undefined) return 'not available';
  const ci = Array.isArray(s?.ci) ? s.ci : [];
  const lo = num(ci[0]);
  const hi = num(ci[1]);
  const base = pct(v, digits);
  return lo === undefined || hi === undefined ? base : `${base} (95% CI ${(lo * 100).toFixed(digits)}–${pct(hi, digits)})`;
}

/** An AUC with its interval, "0.912 (95% CI 0.880–0.940)". */
export function aucCi(s: WithCi | undefined | null): string {
  const v = num(s?.value);
  if (v === undefined) return 'not available';
  const ci = Array.isArray(s?.ci) ? s.ci : [];
  const lo = num(ci[0]);
  const hi = num(ci[1]);
  return lo === undefined || hi === undefined ? v.toFixed(3) : `${v.toFixed(3)} (95% CI ${lo.toFixed(3)}–${hi.toFixed(3)})`;
}

/** Square plot geometry shared by the ROC and reliability charts: unit square to pixels, y up. */
export function unitScales(size: number, margin: number): { x: (v: number) => number; y: (v: number) => number } {
  const x = scaleLinear()
    .domain([0, 1])
    .range([margin, size - margin])
    .clamp(true);
  const y = scaleLinear()
    .domain([0, 1])
    .range([size - margin, margin])
    .clamp(true);
  return { x: (v) => x(v), y: (v) => y(v) };
}

/** SVG path through [x, y] pairs in the unit square; malformed pairs are skipped, "" when none remain. */
export function unitPath(points: unknown, size: number, margin: number): string {
  if (!Array.isArray(points)) return '';
  const s = unitScales(size, margin);
  const clean = points.filter((p): p is [number, number] => Array.isArray(p) && num(p[0]) !== undefined && num(p[1]) !== undefined);
  if (clean.length === 0) return '';
  return (
    line<[number, number]>()
      .x((p) => s.x(p[0]))
      .y((p) => s.y(p[1]))(clean) ?? ''
  );
}

/** Reliability points of the non-empty bins: [mean confidence, accuracy, count]. */
export function reliabilityPoints(bins: unknown): [number, number, number][] {
  if (!Array.isArray(bins)) return [];
  const out: [number, number, number][] = [];
  for (const b of bins as Partial<CalibrationBin>[]) {
    const c = num(b?.confidence);
    const a = num(b?.accuracy);
    const n = num(b?.count);
    if (c !== undefined && a !== undefined && n !== undefined && n > 0) out.push([c, a, n]);
  }
  return out;
}

/** Confusion matrix rows divided by their sums (0 for an empty row); non-numbers read as 0. */
export function rowNormalise(matrix: unknown): number[][] {
  if (!Array.isArray(matrix)) return [];
  return matrix.map((row) => {
    const r = Array.isArray(row) ? row.map((v) => num(v) ?? 0) : [];
    const s = r.reduce((a, b) => a + b, 0);
    return r.map((v) => (s > 0 ? v / s : 0));
  });
}

/** Display name of a label (from taxonomy.json), or the label itself when unknown. */
export function nameOf(label: string, names: Readonly<Record<string, string>>): string {
  return names[label] ?? label;
}
