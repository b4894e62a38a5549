/** Saliency maps as pictures: robust normalisation, a colour-blind-safe colour map, RGBA pixels for ImageData. */

/**
 * Viridis (van der Walt & Smith, matplotlib 2015) sampled at t = 0, 0.1, ..., 1. Perceptually uniform and
 * readable with the common colour-vision deficiencies and in greyscale; the 256-entry table below is a linear
 * interpolation between these anchors.
 */
const VIRIDIS_ANCHORS: ReadonlyArray<readonly [number, number, number]> = [
  [0x44, 0x01, 0x54],
  [0x48, 0x24, 0x75],
  [0x41, 0x44, 0x87],
  [0x35, 0x5f, 0x8d],
  [0x2a, 0x78, 0x8e],
  [0x21, 0x91, 0x8c],
  [0x22, 0xa8, 0x84],
  [0x44, 0xbf, 0x70],
  [0x7a, 0xd1, 0x51],
  [0xbd, 0xdf, 0x26],
  [0xfd, 0xe7, 0x25],
];

function buildLut(): Uint8Array {
  const lut = new Uint8Array(256 * 3);
  const segments = VIRIDIS_ANCHORS.length - 1;
  for (let i = 0; i < 256; i++) {
    const pos = (i / 255) * segments;
    const k = Math.min(segments - 1, Math.floor(pos));
    const f = pos - k;
    const a = VIRIDIS_ANCHORS[k] ?? [0, 0, 0];
    const b = VIRIDIS_ANCHORS[k + 1] ?? a;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round((a[c] ?? 0) + ((b[c] ?? 0) - (a[c] ?? 0)) * f);
  }
  return lut;
}

/** The 256-entry viridis lookup table, RGB interleaved (768 bytes). */
export const VIRIDIS_LUT: Uint8Array = buildLut();

/** Colour of t in [0, 1] on the viridis map; t outside is clamped and NaN maps to 0 (dark purple). */
export function colourMap(t: number): [number, number, number] {
  const x = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const i = Math.round(x * 255) * 3;
  return [VIRIDIS_LUT[i] ?? 0, VIRIDIS_LUT[i + 1] ?? 0, VIRIDIS_LUT[i + 2] ?? 0];
}

/** CSS linear-gradient stops of the colour map, for legends. */
export function colourMapGradient(steps = 11): string {
  const n = Math.max(2, Math.floor(steps));
  const stops: string[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    const [r, g, b] = colourMap(t);
    stops.push(`rgb(${r}, ${g}, ${b}) ${Math.round(t * 100)}%`);
  }
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** The q-quantile (0..1) of finite non-negative values, by sorting a copy; 0 when there are none. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    if (Number.isFinite(v)) finite.push(Math.max(0, v));
  }
  if (finite.length === 0) return 0;
  finite.sort((a, b) => a - b);
  const qq = Number.isFinite(q) ? Math.min(1, Math.max(0, q)) : 1;
  const pos = qq * (finite.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(finite.length - 1, lo + 1);
  const a = finite[lo] ?? 0;
  const b = finite[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

/**
 * Scales raw saliency to 0..1. Input gradients are heavy-tailed (a few pixels dominate), so values are clipped at
 * the `clip` quantile (default the 99th percentile) before dividing; negative and non-finite values become 0, and
 * an all-zero (or all-NaN) map gives all zeros rather than NaN.
 */
export function normaliseSaliency(values: ArrayLike<number>, clip = 0.99): Float32Array {
  const out = new Float32Array(values.length);
  let top = quantile(values, clip);
  if (!(top > 0)) {
    // The percentile can be 0 when fewer than 1% of pixels are non-zero; fall back to the maximum.
    top = quantile(values, 1);
  }
  if (!(top > 0)) return out;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? NaN;
    out[i] = Number.isFinite(v) ? Math.min(1, Math.max(0, v) / top) : 0;
  }
  return out;
}

/**
 * RGBA pixels (row-major, size x size) for ImageData: colour from the colour map, alpha = value * opacity * 255,
 * so unimportant pixels leave the photo visible. `values` should already be normalised to 0..1 (they are clamped).
 */
export function toRgba(values: ArrayLike<number>, size: number, opacity: number): Uint8ClampedArray {
  if (!Number.isInteger(size) || size <= 0) throw new Error(`toRgba: size must be a positive integer, got ${size}`);
  if (values.length !== size * size) {
    throw new Error(`toRgba: expected ${size * size} values for a ${size}x${size} map, got ${values.length}`);
  }
  const o = Number.isFinite(opacity) ? Math.min(1, Math.max(0, opacity)) : 0;
  const out = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const raw = values[i] ?? 0;
    const v = Number.isFinite(raw) ? Math.min(1, Math.max(0, raw)) : 0;
    const [r, g, b] = colourMap(v);
    out[i * 4] = r;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = b;
    out[i * 4 + 3] = Math.round(v * o * 255);
  }
  return out;
}
