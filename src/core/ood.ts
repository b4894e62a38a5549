/**
 * Out-of-scope test on the network's features: is this photo like the lesion photos the model was trained on?
 * Two distances, both fitted on training features and thresholded on validation data (training/lib/fit.py):
 * - the smallest class-conditional Mahalanobis distance in the top-k principal subspace (z = whitened PCA
 *   coordinates, computed by the model's `ood_proj` output), and
 * - the squared residual outside that subspace, where photos unlike any lesion tend to differ;
 * - when the model folder has an `ood.mid` block, a Mahalanobis distance on the pooled output of a middle layer
 *   (its whitened coordinates follow the PCA ones in the model's third output): mid-level texture and colour,
 *   where photos of animals, food and rooms stand apart from dermoscopy more clearly than in the last layer;
 * and, when the model folder gives ranges, simple statistics of the input square (core/photo-stats.ts), which
 * catch flat colours, noise, text and very dark or washed-out frames that the features alone let through.
 */
import { photoOutOfRange, type PhotoRanges, type PhotoStats } from './photo-stats';

/** The `ood` block of metadata.json. */
export interface OodParams {
  /** Mean of the 1280-d training features. */
  mean: number[];
  /** PCA eigenvalues of the k kept components (z_i = u_i . (f - mean) / sqrt(eigenvalue_i)). */
  eigenvalues: number[];
  /** Class means in z space, one per label. */
  classMeans: number[][];
  /** Decline when the Mahalanobis distance (mean over k dims) is above this. */
  mahalanobisThreshold: number;
  /** Decline when the residual (mean square per feature) is above this. */
  residualThreshold: number;
  /** Scores above this fraction of a threshold count as borderline. */
  borderlineFraction: number;
  /** Accepted range of each photo statistic; absent in older model folders. */
  photo?: PhotoRanges;
  /** The mid-layer distance; absent in older model folders (whose third output is the PCA coordinates alone). */
  mid?: MidParams;
}

/** metadata.json ood.mid: the model's third output ends with `dims` whitened coordinates of the pooled `layer`. */
export interface MidParams {
  layer: string;
  dims: number;
  /** Decline when the mean square of those coordinates is above this. */
  threshold: number;
}

/** The verdict with the numbers behind it. */
export interface OodResult {
  mahalanobis: number;
  residual: number;
  /** Mid-layer distance (mean square of its whitened coordinates); 0 when the model has none. */
  mid: number;
  /** max(mahalanobis / threshold, residual / threshold, mid / threshold): 1 is the boundary. */
  ratio: number;
  inScope: boolean;
  borderline: boolean;
  /** Photo statistics outside their accepted range (each one alone declines the photo). */
  photoOutOfRange: (keyof PhotoStats)[];
}

/**
 * Scores one photo from its 1280-d features and the model's third output: the k whitened PCA coordinates,
 * followed by the mid-layer coordinates when `p.mid` is set.
 */
export function oodScore(features: ArrayLike<number>, z: ArrayLike<number>, p: OodParams, stats?: PhotoStats): OodResult {
  const k = p.eigenvalues.length;
  const m = p.mid?.dims ?? 0;
  if (z.length !== k + m) throw new Error(`oodScore: z has ${z.length} values, metadata says ${k} PCA + ${m} mid-layer coordinates`);
  if (features.length !== p.mean.length) throw new Error(`oodScore: ${features.length} features, metadata mean has ${p.mean.length}`);
  let best = Infinity;
  for (const m of p.classMeans) {
    let d = 0;
    for (let i = 0; i < k; i++) {
      const t = (z[i] ?? 0) - (m[i] ?? 0);
      d += t * t;
    }
    best = Math.min(best, d / k);
  }
  let total = 0;
  for (let i = 0; i < features.length; i++) {
    const t = (features[i] ?? 0) - (p.mean[i] ?? 0);
    total += t * t;
  }
  let inside = 0;
  for (let i = 0; i < k; i++) inside += (p.eigenvalues[i] ?? 0) * (z[i] ?? 0) * (z[i] ?? 0);
  const residual = Math.max(0, total - inside) / features.length;
  let mid = 0;
  for (let i = k; i < k + m; i++) mid += (z[i] ?? 0) * (z[i] ?? 0);
  if (m > 0) mid /= m;
  const ratio = Math.max(best / p.mahalanobisThreshold, residual / p.residualThreshold, p.mid ? mid / p.mid.threshold : 0);
  const off = p.photo && stats ? photoOutOfRange(stats, p.photo) : [];
  const inScope = ratio <= 1 && off.length === 0;
  return { mahalanobis: best, residual, mid, ratio, inScope, borderline: inScope && ratio > p.borderlineFraction, photoOutOfRange: off };
}
