/**
 * Simple statistics of the model input that separate photos of skin from flat colours, noise, text, screens
 * and very dark or washed-out frames. Mirrored exactly by training/lib/photo_stats.py, which fits the accepted
 * ranges on validation lesions (plain and augmented); the ranges ship in metadata.json (ood.photo).
 */

/** Statistics of one model input square. */
export interface PhotoStats {
  /** Mean grey level, 0..255. */
  brightness: number;
  /** Standard deviation of the grey level. */
  contrast: number;
  /** Mean absolute 4-neighbour Laplacian of the grey level (interior pixels). */
  detail: number;
  /** Fraction of pixels whose colour is skin- or pigment-like (red channel dominant, not grey, not black). */
  skin: number;
}

/** Accepted [min, max] per statistic. */
export type PhotoRanges = Record<keyof PhotoStats, [number, number]>;

/** Stats of an NHWC size x size x 3 input normalised as (pixel - mean) / scale. */
export function photoStats(input: Float32Array, size: number, mean: number, scale: number): PhotoStats {
  const n = size * size;
  if (input.length !== n * 3) throw new Error(`photoStats: expected ${n * 3} values, got ${input.length}`);
  const grey = new Float64Array(n);
  let sum = 0;
  let skin = 0;
  for (let i = 0; i < n; i++) {
    const r = (input[i * 3] ?? 0) * scale + mean;
    const g = (input[i * 3 + 1] ?? 0) * scale + mean;
    const b = (input[i * 3 + 2] ?? 0) * scale + mean;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    grey[i] = y;
    sum += y;
    if (r >= g && r >= b && r - Math.min(g, b) >= 10 && r >= 40) skin++;
  }
  const brightness = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += ((grey[i] ?? 0) - brightness) ** 2;
  let lap = 0;
  for (let y = 1; y < size - 1; y++) {
    for (let x = 1; x < size - 1; x++) {
      const i = y * size + x;
      const c = grey[i] ?? 0;
      lap += Math.abs(4 * c - (grey[i - 1] ?? 0) - (grey[i + 1] ?? 0) - (grey[i - size] ?? 0) - (grey[i + size] ?? 0));
    }
  }
  return { brightness, contrast: Math.sqrt(sq / n), detail: lap / ((size - 2) * (size - 2)), skin: skin / n };
}

/** Names of the statistics outside their accepted range (empty when the photo looks like skin). */
export function photoOutOfRange(stats: PhotoStats, ranges: PhotoRanges): (keyof PhotoStats)[] {
  return (Object.keys(ranges) as (keyof PhotoStats)[]).filter((k) => {
    const [lo, hi] = ranges[k];
    return !(stats[k] >= lo && stats[k] <= hi);
  });
}
