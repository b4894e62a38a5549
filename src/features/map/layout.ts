/** Pure layout for the embedding map: scales, palette and the neighbour summary sentence. */
import { scaleLinear } from 'd3-scale';
import { countLabels, type EmbeddingPoint, type Neighbour } from '../../core/embedding';

/** Okabe-Ito palette (Okabe & Ito 2008), safe for the common colour-vision deficiencies; black is kept for the user. */
export const MAP_PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'] as const;

/** Colour of a label by its position in `labels`; unknown labels get grey. */
export function labelColour(label: string, labels: readonly string[]): string {
  const i = labels.indexOf(label);
  return i < 0 ? '#999999' : (MAP_PALETTE[i % MAP_PALETTE.length] ?? '#999999');
}

/** A point in SVG pixels. */
export interface PlacedPoint {
  cx: number;
  cy: number;
  label: string;
  index: number;
}

/** Maps points (and the user's photo) from t-SNE units to a width x height box with `margin` pixels inside. */
export function layoutMap(
  points: readonly Pick<EmbeddingPoint, 'x' | 'y' | 'label'>[],
  user: { x: number; y: number } | null,
  width: number,
  height: number,
  margin = 12,
): { points: PlacedPoint[]; user: { cx: number; cy: number } | null } {
  const finite = points.map((p, index) => ({ ...p, index })).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xs = finite.map((p) => p.x);
  const ys = finite.map((p) => p.y);
  if (user && Number.isFinite(user.x) && Number.isFinite(user.y)) {
    xs.push(user.x);
    ys.push(user.y);
  }
  const extent = (v: number[]): [number, number] => {
    if (v.length === 0) return [-1, 1];
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
  };
  const x = scaleLinear()
    .domain(extent(xs))
    .range([margin, width - margin]);
  // SVG y grows downwards; flip so the map reads like a plot.
  const y = scaleLinear()
    .domain(extent(ys))
    .range([height - margin, margin]);
  return {
    points: finite.map((p) => ({ cx: x(p.x), cy: y(p.y), label: p.label, index: p.index })),
    user: user && Number.isFinite(user.x) && Number.isFinite(user.y) ? { cx: x(user.x), cy: y(user.y) } : null,
  };
}

/** "melanocytic nevus" from "Melanocytic nevus", keeping acronyms and later capitals. */
function inSentence(name: string): string {
  const first = name.charAt(0);
  const second = name.charAt(1);
  return second && second === second.toLowerCase() ? first.toLowerCase() + name.slice(1) : name;
}

/** "7 of its 10 nearest test images are melanocytic nevus; the others: 2 benign keratosis, 1 melanoma." */
export function neighbourSummary(neighbours: readonly Neighbour[], names: Readonly<Record<string, string>>): string {
  if (neighbours.length === 0) return 'No neighbouring test images to compare with.';
  const counts = countLabels(neighbours);
  const name = (l: string): string => inSentence(names[l] ?? l);
  const [top, ...rest] = counts;
  if (!top) return 'No neighbouring test images to compare with.';
  const n = neighbours.length;
  const verb = top.count === 1 ? 'is' : 'are';
  const head =
    top.count === n ? `All ${n} of its nearest test images are ${name(top.label)}.` : `${top.count} of its ${n} nearest test images ${verb} ${name(top.label)}`;
  if (rest.length === 0) return head;
  return `${head}; the others: ${rest.map((c) => `${c.count} ${name(c.label)}`).join(', ')}.`;
}

/** The placed point nearest to (x, y) within `maxDistance` SVG units (a tap beside a dot), or null. */
export function nearestDot(points: readonly PlacedPoint[], x: number, y: number, maxDistance: number): PlacedPoint | null {
  let best: PlacedPoint | null = null;
  let bestD = maxDistance * maxDistance;
  for (const p of points) {
    const d = (p.cx - x) ** 2 + (p.cy - y) ** 2;
    if (d <= bestD) {
      best = p;
      bestD = d;
    }
  }
  return best;
}

/** An arrow key's direction on the map (screen directions: up is towards the top of the drawing). */
export type Direction = 'left' | 'right' | 'up' | 'down';

const UNIT: Record<Direction, [number, number]> = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] };

/**
 * The dot an arrow key moves to from `from`: among the dots within 45° of the arrow's direction, the one nearest
 * along it, with sideways distance counting double (ties to the lower index); `from` itself when there is none
 * (the edge of the map). Clicking reaches every dot; t-SNE puts no two test images at exactly the same place.
 */
export function stepDot(points: readonly PlacedPoint[], from: PlacedPoint, direction: Direction): PlacedPoint {
  const [ux, uy] = UNIT[direction];
  let best = from;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const p of points) {
    if (p.index === from.index) continue;
    const dx = p.cx - from.cx;
    const dy = p.cy - from.cy;
    const along = dx * ux + dy * uy;
    const across = Math.abs(dx * uy - dy * ux);
    if (along <= 0 || across > along) continue;
    const score = along + 2 * across;
    if (score < bestScore || (score === bestScore && p.index < best.index)) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}
