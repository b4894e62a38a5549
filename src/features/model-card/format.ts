/** Pure helpers for the model card: defensive reads of metrics.json, number formatting and chart geometry. */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { formatPercent } from '../../core/format';
import { textWidth } from '../../ui/textWidth';
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

/** Room around a plot for its ticks and axis titles, in SVG units; one number for all four sides. */
export type PlotMargin = number | { top: number; right: number; bottom: number; left: number };

const sides = (m: PlotMargin) => (typeof m === 'number' ? { top: m, right: m, bottom: m, left: m } : m);

/** Square plot geometry shared by the ROC and reliability charts: unit square to pixels, y up. */
export function unitScales(size: number, margin: PlotMargin): { x: (v: number) => number; y: (v: number) => number } {
  const m = sides(margin);
  const x = scaleLinear()
    .domain([0, 1])
    .range([m.left, size - m.right])
    .clamp(true);
  const y = scaleLinear()
    .domain([0, 1])
    .range([size - m.bottom, m.top])
    .clamp(true);
  return { x: (v) => x(v), y: (v) => y(v) };
}

/** Where a square plot's tick values and axis titles go; the y title is drawn turned a quarter anticlockwise. */
export interface AxisLayout {
  margin: { top: number; right: number; bottom: number; left: number };
  /** x ticks: centred under the plot at (x, y). */
  xTicks: { value: number; label: string; x: number; y: number }[];
  /** y ticks: right-aligned at x, centred on y. */
  yTicks: { value: number; label: string; x: number; y: number }[];
  xTitle: { x: number; y: number };
  yTitle: { x: number; y: number };
  tickFont: number;
  titleFont: number;
}

/** Gap between a tick label and the plot, and between the tick labels and the axis title, in SVG units. */
const TICK_GAP = 6;
const TITLE_GAP = 8;

/**
 * Margins, tick label positions and axis title positions of a square plot of `size`, sized from the tick labels
 * (estimated widths, erring wide) so that the y title never overlaps a y tick label and the x title never overlaps
 * an x tick label.
 */
export function axisLayout(size: number, ticks: readonly number[], format: (v: number) => string, fonts = { tick: 12, title: 13 }): AxisLayout {
  const labels = ticks.map((v) => ({ value: v, label: format(v) }));
  const widest = Math.max(0, ...labels.map((t) => textWidth(t.label, fonts.tick)));
  const last = labels.length ? textWidth(labels[labels.length - 1]?.label ?? '', fonts.tick) : 0;
  // A turned title's "height" is its font size; its middle sits half of that in from the edge, plus 2 for descenders.
  const left = Math.ceil(2 + fonts.title + TITLE_GAP + widest + TICK_GAP);
  const bottom = Math.ceil(TICK_GAP + fonts.tick + TITLE_GAP + fonts.title + 2);
  const margin = { top: 10, right: Math.ceil(Math.max(10, last / 2 + 2)), bottom, left };
  const s = unitScales(size, margin);
  return {
    margin,
    xTicks: labels.map((t) => ({ ...t, x: s.x(t.value), y: size - bottom + TICK_GAP + fonts.tick / 2 })),
    yTicks: labels.map((t) => ({ ...t, x: left - TICK_GAP, y: s.y(t.value) })),
    xTitle: { x: (left + size - margin.right) / 2, y: size - 2 - fonts.title / 2 },
    yTitle: { x: 2 + fonts.title / 2, y: (margin.top + size - bottom) / 2 },
    tickFont: fonts.tick,
    titleFont: fonts.title,
  };
}

/** SVG path through [x, y] pairs in the unit square; malformed pairs are skipped, "" when none remain. */
export function unitPath(points: unknown, size: number, margin: PlotMargin): string {
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
