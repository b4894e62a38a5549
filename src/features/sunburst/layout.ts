/** Pure sunburst layout: d3-hierarchy partitions the aggregated taxonomy, d3-shape writes the arc paths. */
import { hierarchy, partition, type HierarchyRectangularNode } from 'd3-hierarchy';
import { interpolateRgb } from 'd3-interpolate';
import { arc as d3arc } from 'd3-shape';
import type { AggregatedNode } from '../../core/taxonomy';

/** One ring segment to draw: angles (radians, clockwise from 12 o'clock) and radii (pixels) after focusing. */
export interface ArcRecord {
  id: string;
  name: string;
  depth: number;
  /** The node's probability (sum of its leaves), with NaN and negatives read as 0. */
  probability: number;
  /** Index of the root's child this node descends from; drives the colour. */
  branch: number;
  /** True for taxonomy leaves (model labels). */
  leaf: boolean;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** SVG path data, centred on (0, 0). */
  d: string;
}

/** The whole layout: the arcs outside the focused node and the centre disc that stands for it. */
export interface SunburstLayout {
  arcs: ArcRecord[];
  centre: { id: string; name: string; probability: number; radius: number; parentId: string | undefined };
  /** Sum of the (sanitised) leaf probabilities; 0 means there is nothing to apportion. */
  total: number;
}

/** Options for {@link layoutSunburst}. */
export interface LayoutOptions {
  /** Outer radius in pixels. */
  radius: number;
  /** Node to zoom into: it becomes the centre disc and its descendants fill the full circle. */
  focusId?: string;
  /** Gap between neighbouring arcs, radians. */
  padAngle?: number;
  /** Share of the radius the centre disc takes (room for its name); by default one ring's worth, like the rings. */
  centreFraction?: number;
}

/** A probability that can be drawn: finite and non-negative, else 0. */
export function cleanProbability(p: number): number {
  return Number.isFinite(p) && p > 0 ? p : 0;
}

/** Partition of `root` sized by leaf probability, zoomed to `focusId` (falls back to the root if unknown). */
export function layoutSunburst(root: AggregatedNode, opts: LayoutOptions): SunburstLayout {
  const radius = Number.isFinite(opts.radius) && opts.radius > 0 ? opts.radius : 0;
  const h = hierarchy(root, (d) => d.children).sum((d) => (d.children.length ? 0 : cleanProbability(d.probability)));
  const total = h.value ?? 0;
  // Partition on [0, 1] x [0, levels]; angles and radii are rescaled to the focus below.
  const levels = h.height + 1;
  const parts: HierarchyRectangularNode<AggregatedNode> = partition<AggregatedNode>().size([1, levels])(h);
  const focus = (opts.focusId !== undefined ? parts.find((n) => n.data.id === opts.focusId) : undefined) ?? parts;
  const span = focus.x1 - focus.x0;
  const focusValue = focus.value ?? 0;
  const ringCount = levels - focus.depth;
  const fraction = opts.centreFraction !== undefined && opts.centreFraction > 0 && opts.centreFraction < 1 ? opts.centreFraction : 1 / Math.max(1, ringCount);
  const centre = ringCount > 1 ? radius * fraction : radius;
  const ring = ringCount > 1 ? (radius - centre) / (ringCount - 1) : 0;
  const angle = (x: number): number => {
    if (!(span > 0) || !(focusValue > 0)) return 0;
    return Math.min(1, Math.max(0, (x - focus.x0) / span)) * 2 * Math.PI;
  };
  const path = d3arc<{ x0: number; x1: number; y0: number; y1: number }>()
    .startAngle((d) => d.x0)
    .endAngle((d) => d.x1)
    .innerRadius((d) => d.y0)
    .outerRadius((d) => d.y1)
    .padAngle((d) => Math.min(opts.padAngle ?? 0.004, (d.x1 - d.x0) / 2))
    .padRadius(radius);
  const arcs: ArcRecord[] = [];
  for (const n of focus.descendants()) {
    if (n === focus) continue;
    const branchNode = n.ancestors().find((a) => a.depth === 1);
    const rec = {
      x0: angle(n.x0),
      x1: angle(n.x1),
      y0: centre + (n.depth - focus.depth - 1) * ring,
      y1: centre + (n.depth - focus.depth) * ring,
    };
    arcs.push({
      id: n.data.id,
      name: n.data.name,
      depth: n.depth,
      probability: n.value ?? 0,
      branch: branchNode?.parent ? (branchNode.parent.children?.indexOf(branchNode) ?? 0) : 0,
      leaf: n.data.children.length === 0,
      ...rec,
      d: path(rec) ?? '',
    });
  }
  return {
    arcs,
    centre: {
      id: focus.data.id,
      name: focus.data.name,
      probability: focusValue,
      radius: centre,
      parentId: focus.parent?.data.id,
    },
    total,
  };
}

/**
 * Branch colours from the Okabe-Ito palette (colour-blind safe): the taxonomy lists benign first (blue) and
 * malignant second (orange); any further top-level branch gets green, then reddish purple.
 */
export const BRANCH_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7'] as const;

/** For every node below the root, the index of the root's child it descends from (its colour branch, as ArcRecord.branch). */
export function branches(root: AggregatedNode): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (n: AggregatedNode, branch: number): void => {
    out.set(n.id, branch);
    for (const c of n.children) walk(c, branch);
  };
  root.children.forEach((c, i) => walk(c, i));
  return out;
}

/** Fill for an arc: its branch colour, lightened towards white with depth so rings stay distinguishable. */
export function arcColour(branch: number, depth: number): string {
  const base = BRANCH_COLOURS[Math.abs(Math.trunc(branch)) % BRANCH_COLOURS.length] ?? BRANCH_COLOURS[0];
  const t = Math.min(0.6, Math.max(0, depth - 1) * 0.22);
  return interpolateRgb(base, '#ffffff')(t);
}
