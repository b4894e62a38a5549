/**
 * The photo-kind check: what kind of photo the model was given, from the model's outputs alone: a dermoscopic lesion
 * photo, a photo of skin taken without a dermatoscope ("clinical": the model cannot judge it reliably), or not a
 * photo of skin at all ("other"). It is one input of the decision about a photo (core/photo-decision.ts), which also
 * weighs what the person says; nothing else acts on it directly.
 * A three-way logistic regression on signals the app already has for every photo: the model's third output (whitened
 * PCA and mid-layer coordinates), the logs of the out-of-scope distances (core/ood.ts) and the photo statistics
 * (core/photo-stats.ts). Fitted by the export (training/lib/photo_kind.py, which computes the same signals); the
 * parameters ship in metadata.json (photoKind). Model folders without that block fall back to the distance test: in
 * scope is dermoscopic, the rest other.
 */
import type { OodResult } from './ood';
import type { PhotoStats } from './photo-stats';

/** The three kinds, in the order of the fitted weights' rows. */
export const PHOTO_KINDS = ['dermoscopic', 'clinical', 'other'] as const;
/** One kind of photo. */
export type PhotoKind = (typeof PHOTO_KINDS)[number];

/** Values added before a log so that a zero stays finite (as training/lib/photo_kind.py EPS_DISTANCE, EPS_DETAIL). */
const EPS_DISTANCE = 1e-6;
const EPS_DETAIL = 1e-3;
/** Signals after the model's coordinates: 3 log distances and 4 photo statistics. */
export const EXTRA_SIGNALS = 7;

/** metadata.json photoKind. */
export interface PhotoKindParams {
  kinds: PhotoKind[];
  /** Layout of the signal vector: `pca` + `mid` coordinates of the third output, then EXTRA_SIGNALS more. */
  signals: { pca: number; mid: number; extra: string[] };
  /** Standardisation: s' = (s - mean) / scale, per signal. */
  mean: number[];
  scale: number[];
  /** One row of weights per kind, over the standardised signals. */
  weights: number[][];
  bias: number[];
  /** Dermoscopic when its probability is at least this; otherwise the more probable of clinical and other. */
  dermoscopicThreshold: number;
}

/** The verdict and the probabilities behind it (null when the model folder has no fitted gate). */
export interface PhotoKindResult {
  kind: PhotoKind;
  probabilities: Record<PhotoKind, number> | null;
}

/** The signal vector of one photo: z (the model's whole third output), ln distances, scaled photo statistics. */
export function photoKindSignals(z: ArrayLike<number>, ood: Pick<OodResult, 'mahalanobis' | 'residual' | 'mid'>, stats: PhotoStats): number[] {
  return [
    ...Array.from(z),
    Math.log(ood.mahalanobis + EPS_DISTANCE),
    Math.log(ood.residual + EPS_DISTANCE),
    Math.log(ood.mid + EPS_DISTANCE),
    stats.brightness / 255,
    stats.contrast / 128,
    Math.log(stats.detail + EPS_DETAIL),
    stats.skin,
  ];
}

/** The three probabilities (softmax of the linear scores) for one signal vector. */
export function photoKindProbabilities(signals: ArrayLike<number>, p: PhotoKindParams): Record<PhotoKind, number> {
  if (signals.length !== p.mean.length) throw new Error(`photoKind: ${signals.length} signals, metadata has ${p.mean.length}`);
  const scores = p.weights.map((row, c) => {
    let s = p.bias[c] ?? 0;
    for (let i = 0; i < row.length; i++) s += (row[i] ?? 0) * (((signals[i] ?? 0) - (p.mean[i] ?? 0)) / (p.scale[i] ?? 1));
    return s;
  });
  const top = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return { dermoscopic: (e[0] ?? 0) / sum, clinical: (e[1] ?? 0) / sum, other: (e[2] ?? 0) / sum };
}

/** The decision rule on the probabilities. */
export function decideKind(pr: Record<PhotoKind, number>, threshold: number): PhotoKind {
  if (pr.dermoscopic >= threshold) return 'dermoscopic';
  return pr.other >= pr.clinical ? 'other' : 'clinical';
}

/** The kind of one photo; without fitted parameters, the distance test's verdict (in scope: dermoscopic, else other). */
export function photoKind(z: ArrayLike<number>, ood: OodResult, stats: PhotoStats, p: PhotoKindParams | undefined): PhotoKindResult {
  if (!p) return { kind: ood.inScope ? 'dermoscopic' : 'other', probabilities: null };
  const probabilities = photoKindProbabilities(photoKindSignals(z, ood, stats), p);
  return { kind: decideKind(probabilities, p.dermoscopicThreshold), probabilities };
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumArray = (v: unknown, len: number): v is number[] => Array.isArray(v) && v.length === len && v.every(isNum);

/** Problems with metadata.json photoKind for a model whose third output has `pca` + `mid` values (empty: valid). */
export function validatePhotoKind(value: unknown, pca: number, mid: number): string[] {
  const p = value as Partial<PhotoKindParams> | null;
  if (!p || typeof p !== 'object') return ['photoKind must be an object'];
  const out: string[] = [];
  if (!Array.isArray(p.kinds) || p.kinds.join(' ') !== PHOTO_KINDS.join(' ')) out.push(`photoKind.kinds must be ${PHOTO_KINDS.join(' ')} in that order`);
  if (!p.signals || p.signals.pca !== pca || p.signals.mid !== mid) {
    out.push(
      `photoKind.signals must say pca ${pca} and mid ${mid} (the model's third output), got ${JSON.stringify(p.signals && { pca: p.signals.pca, mid: p.signals.mid })}`,
    );
  }
  const n = pca + mid + EXTRA_SIGNALS;
  if (!isNumArray(p.mean, n)) out.push(`photoKind.mean must be ${n} numbers`);
  if (!isNumArray(p.scale, n) || p.scale.some((v) => v <= 0)) out.push(`photoKind.scale must be ${n} positive numbers`);
  if (!Array.isArray(p.weights) || p.weights.length !== PHOTO_KINDS.length || !p.weights.every((r) => isNumArray(r, n))) {
    out.push(`photoKind.weights must be ${PHOTO_KINDS.length} rows of ${n} numbers`);
  }
  if (!isNumArray(p.bias, PHOTO_KINDS.length)) out.push(`photoKind.bias must be ${PHOTO_KINDS.length} numbers`);
  if (!isNum(p.dermoscopicThreshold) || p.dermoscopicThreshold <= 0 || p.dermoscopicThreshold >= 1)
    out.push('photoKind.dermoscopicThreshold must be in (0, 1)');
  return out;
}
