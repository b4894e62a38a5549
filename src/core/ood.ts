/**
 * Out-of-scope test on the network's features: is this photo like the lesion photos the model was trained on?
 * Two distances, both fitted on training features and thresholded on validation data (training/evaluate.py):
 * - the smallest class-conditional Mahalanobis distance in the top-k principal subspace (z = whitened PCA
 *   coordinates, computed by the model's `ood_proj` output), and
 * - the squared residual outside that subspace, where photos unlike any lesion tend to differ;
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
}

/** The verdict with the numbers behind it. */
export interface OodResult {
  mahalanobis: number;
  residual: number;
  /** max(mahalanobis / threshold, residual / threshold): 1 is the boundary. */
  ratio: number;
  inScope: boolean;
  borderline: boolean;
  /** Photo statistics outside their accepted range (each one alone declines the photo). */
  photoOutOfRange: (keyof PhotoStats)[];
}

/** Scores one photo from its 1280-d features and its whitened projection z. */
export function oodScore(features: ArrayLike<number>, z: ArrayLike<number>, p: OodParams, stats?: PhotoStats): OodResult {
  const k = p.eigenvalues.length;
  if (z.length !== k) throw new Error(`oodScore: z has ${z.length} values, metadata has ${k} eigenvalues`);
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
  const ratio = Math.max(best / p.mahalanobisThreshold, residual / p.residualThreshold);
  const off = p.photo && stats ? photoOutOfRange(stats, p.photo) : [];
  const inScope = ratio <= 1 && off.length === 0;
  return { mahalanobis: best, residual, ratio, inScope, borderline: inScope && ratio > p.borderlineFraction, photoOutOfRange: off };
}
