/** Placing a new photo on the t-SNE map of the test images by its nearest neighbours in the model's z space. */

/** One point of public/model/embedding.json: t-SNE position, true label, and the image's ood_proj coordinates. */
export interface EmbeddingPoint {
  x: number;
  y: number;
  label: string;
  z: number[];
}

/** One neighbour of the new photo: its index into the points, Euclidean distance in z, and its label. */
export interface Neighbour {
  index: number;
  distance: number;
  label: string;
}

/** Where a new photo lands: the mean (x, y) of its neighbours, and the neighbours nearest first. */
export interface Placement {
  x: number;
  y: number;
  neighbours: Neighbour[];
}

/**
 * The k nearest points to `z` (Euclidean in z space), nearest first (ties by index); `keep` limits the candidates
 * (e.g. to some diagnoses, or away from one lesion). Used for the map's placement and for the similar cases.
 */
export function nearestPoints(
  z: readonly number[],
  points: readonly Pick<EmbeddingPoint, 'label' | 'z'>[],
  k: number,
  keep?: (index: number) => boolean,
): Neighbour[] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`nearestPoints: k must be a positive integer, got ${k}`);
  if (points.length === 0) throw new Error('nearestPoints: there are no points');
  if (z.length === 0) throw new Error('nearestPoints: z is empty');
  if (z.some((v) => !Number.isFinite(v))) throw new Error('nearestPoints: z contains a non-finite value');
  const dists: Neighbour[] = [];
  points.forEach((p, index) => {
    if (!Array.isArray(p.z) || p.z.length !== z.length) {
      throw new Error(
        `nearestPoints: point ${index} has ${Array.isArray(p.z) ? p.z.length : 'no'} z coordinates but the photo has ${z.length}; the map and the model do not match`,
      );
    }
    if (keep && !keep(index)) return;
    let s = 0;
    for (let i = 0; i < z.length; i++) {
      const d = (z[i] ?? 0) - (p.z[i] ?? 0);
      s += d * d;
    }
    dists.push({ index, distance: Math.sqrt(s), label: p.label });
  });
  dists.sort((a, b) => a.distance - b.distance || a.index - b.index);
  return dists.slice(0, Math.min(k, dists.length));
}

/**
 * The k nearest points to `z` and the mean of their map positions. t-SNE has no out-of-sample projection, so
 * this is how a new image is put on the map (see docs/model-contract.md).
 */
export function placeAmongNeighbours(z: readonly number[], points: readonly EmbeddingPoint[], k = 10): Placement {
  const neighbours = nearestPoints(z, points, k);
  let x = 0;
  let y = 0;
  for (const n of neighbours) {
    const p = points[n.index];
    x += p?.x ?? 0;
    y += p?.y ?? 0;
  }
  return { x: x / neighbours.length, y: y / neighbours.length, neighbours };
}

/** Neighbour labels counted, most common first (ties by first appearance, i.e. by nearness). */
export function countLabels(neighbours: readonly Neighbour[]): { label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const n of neighbours) counts.set(n.label, (counts.get(n.label) ?? 0) + 1);
  return [...counts.entries()].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count);
}
