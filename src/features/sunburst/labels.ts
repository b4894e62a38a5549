/**
 * Pure label fitting for the sunburst: which arcs can carry their name and percentage (curved along the arc, on one
 * line or two), and how the centre disc's name wraps and shrinks to stay inside the disc. Widths are estimated
 * (ui/textWidth, no DOM), erring wide, so a label that is drawn fits.
 */
import { textWidth } from '../../ui/textWidth';
import type { ArcRecord } from './layout';

/** One line of an arc's label: its text and the radius of the circle it runs along. */
export interface LabelLine {
  text: string;
  radius: number;
}

/** A label to draw along an arc. */
export interface ArcLabel {
  id: string;
  fontSize: number;
  /** Start and end angle of the path the text follows (radians, clockwise from 12 o'clock, as the arcs). */
  a0: number;
  a1: number;
  /** True on the lower half, where the path runs anticlockwise so the text reads upright. */
  flipped: boolean;
  lines: LabelLine[];
}

/** Options for {@link arcLabels}. */
export interface ArcLabelOptions {
  /** Font sizes to try, largest first. */
  fontSizes?: readonly number[];
  /** Room kept free at the arc's edges, pixels. */
  pad?: number;
  /** Line height as a multiple of the font size. */
  lineHeight?: number;
}

/** The label's texts to try, in order of preference: "name pct" on one line, then name over pct. */
const variants = (name: string, pct: string): string[][] => [[`${name} ${pct}`], [name, pct]];

/**
 * A curved label for every arc with room for one; arcs without room get none (the list beside the chart names
 * them). A line fits when it is shorter than the arc at its radius, less `pad` at both ends, and the lines together
 * fit between the arc's inner and outer radius, less `pad`.
 */
export function arcLabels(arcs: readonly ArcRecord[], percent: (p: number) => string, opts: ArcLabelOptions = {}): ArcLabel[] {
  const sizes = opts.fontSizes ?? [11, 10];
  const pad = opts.pad ?? 3;
  const lh = opts.lineHeight ?? 1.2;
  const out: ArcLabel[] = [];
  for (const a of arcs) {
    const span = a.x1 - a.x0;
    const thickness = a.y1 - a.y0;
    if (!(span > 0) || !(thickness > 0) || a.probability <= 0) continue;
    const mid = (a.x0 + a.x1) / 2;
    const flipped = Math.cos(mid) < 0;
    const centre = (a.y0 + a.y1) / 2;
    const found = sizes
      .flatMap((fs) => variants(a.name, percent(a.probability)).map((texts) => ({ fs, texts })))
      .find(({ fs, texts }) => {
        const step = fs * lh;
        if (texts.length * step + 2 * pad > thickness) return false;
        return texts.every((t, i) => {
          const r = centre + lineOffset(i, texts.length, step, flipped);
          // The text is centred on the line's baseline circle; its inner edge (r - fs/2) is the shortest.
          return textWidth(t, fs) + 2 * pad <= span * (r - fs / 2);
        });
      });
    if (!found) continue;
    const step = found.fs * lh;
    out.push({
      id: a.id,
      fontSize: found.fs,
      a0: a.x0,
      a1: a.x1,
      flipped,
      lines: found.texts.map((text, i) => ({ text, radius: centre + lineOffset(i, found.texts.length, step, flipped) })),
    });
  }
  return out;
}

/**
 * Radius offset of line i of n from the ring's middle: the first line is the outer one on the upper half; on the
 * lower half the text is turned round, so the first line (read first, from the top) is the inner one.
 */
function lineOffset(i: number, n: number, step: number, flipped: boolean): number {
  const fromTop = (n - 1) / 2 - i;
  return (flipped ? -fromTop : fromTop) * step;
}

/**
 * SVG path of the circle of `radius` from angle a0 to a1 (as the arcs), clockwise; anticlockwise (a1 to a0) when
 * flipped, so text on it reads upright on the lower half. A full turn is cut short: an arc cannot end where it starts.
 */
export function labelPath(a0: number, a1: number, radius: number, flipped: boolean): string {
  const end = Math.min(a1, a0 + 2 * Math.PI - 1e-3);
  const pt = (a: number): string => `${(radius * Math.sin(a)).toFixed(2)},${(-radius * Math.cos(a)).toFixed(2)}`;
  const large = end - a0 > Math.PI ? 1 : 0;
  return flipped ? `M${pt(end)}A${radius},${radius} 0 ${large} 0 ${pt(a0)}` : `M${pt(a0)}A${radius},${radius} 0 ${large} 1 ${pt(end)}`;
}

/** The centre disc's text: the name in lines, then the value, at one font size, centred on the disc. */
export interface CentreText {
  fontSize: number;
  /** The name's lines (then the value on its own line). */
  lines: string[];
  value: string;
  /** Distance between baselines, pixels. */
  step: number;
  /** Vertical offset of the first line's middle from the disc's centre (negative: above). */
  top: number;
}

/**
 * Wraps `name` at spaces into lines that, with `value` on a line below, fit inside a disc of `radius` (less `pad`),
 * at the largest font size that fits; both are set in the bold face. A word too long for any line at the smallest size is cut with an ellipsis.
 */
export function fitCentre(name: string, value: string, radius: number, opts: { fontSizes?: readonly number[]; pad?: number } = {}): CentreText {
  const sizes = opts.fontSizes ?? [13, 12, 11, 10, 9];
  const pad = opts.pad ?? 4;
  const r = Math.max(0, radius - pad);
  const words = name.split(/\s+/).filter(Boolean);
  const smallest = sizes[sizes.length - 1] ?? 9;
  for (const fs of sizes) {
    const step = fs * 1.15;
    // Try the fewest lines first: wider lines sit nearer the middle, where the disc is widest.
    for (let n = 1; n <= Math.max(1, words.length); n++) {
      // Fewer lines than n were tried already (with their own widths).
      const lines = wrapInto(words, n, fs, (i) => chord(r, i, n + 1, step));
      if (lines?.length === n && textWidth(value, fs, true) <= chord(r, n, n + 1, step)) return { fontSize: fs, lines, value, step, top: (-n / 2) * step };
    }
  }
  // Nothing fits: one line at the smallest size, cut to the disc's width.
  const step = smallest * 1.15;
  const width = chord(r, 0, 2, step);
  let cut = name;
  while (cut.length > 1 && textWidth(`${cut}…`, smallest, true) > width) cut = cut.slice(0, -1);
  return { fontSize: smallest, lines: [cut === name ? name : `${cut.trimEnd()}…`], value, step, top: -step / 2 };
}

/** Width of the disc of radius r available to line i of n lines `step` apart, centred vertically (the line's far edge). */
function chord(r: number, i: number, n: number, step: number): number {
  const y = Math.abs((i - (n - 1) / 2) * step) + step / 2;
  return y >= r ? 0 : 2 * Math.sqrt(r * r - y * y);
}

/** Greedy wrap of words (in the bold face) into at most n lines, line i no wider than width(i); null when they do not fit. */
function wrapInto(words: readonly string[], n: number, fs: number, width: (i: number) => number): string[] | null {
  const lines: string[] = [];
  let current = '';
  for (const w of words) {
    const next = current ? `${current} ${w}` : w;
    if (textWidth(next, fs, true) <= width(lines.length)) {
      current = next;
      continue;
    }
    if (!current) return null;
    lines.push(current);
    if (lines.length >= n || textWidth(w, fs, true) > width(lines.length)) return null;
    current = w;
  }
  if (current) lines.push(current);
  return lines.length <= n ? lines : null;
}

/** Black or white, whichever is more legible on `fill` ("#rrggbb" or "rgb(r, g, b)"); black when unreadable. */
export function inkOn(fill: string): '#000' | '#fff' {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(fill);
  const rgb = /^rgb\((\d+),\s*(\d+),\s*(\d+)\)$/.exec(fill);
  const parts = hex ? hex.slice(1).map((h) => Number.parseInt(h, 16)) : rgb ? rgb.slice(1).map(Number) : null;
  if (!parts) return '#000';
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r = 0, g = 0, b = 0] = parts;
  const L = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  // Contrast with black (L + 0.05) / 0.05 against with white 1.05 / (L + 0.05).
  return (L + 0.05) / 0.05 >= 1.05 / (L + 0.05) ? '#000' : '#fff';
}
