/**
 * Scaling an RGBA image down by area averaging (a box filter: each source pixel counts once, in the output pixel
 * whose area holds its centre), fed one row, or one run of pixels, at a time, so that a decoder can shrink an image
 * larger than it could hold whole. The CLI shrinks photos over the page's decode limit (core/decode-limits.ts) with
 * it, as the browser does while decoding; its pixels are close to, not equal to, the browser's resampling.
 */
import type { RgbaImage } from './preprocess';

/** Accumulates source pixels into a smaller image; rows may come in any order (interlaced PNGs send them in passes). */
export class AreaDownscaler {
  private readonly sums: Uint32Array;
  private readonly counts: Uint32Array;
  /** Output column of each source column, and output row of each source row. */
  private readonly col: Int32Array;
  private readonly row: Int32Array;

  constructor(
    readonly srcWidth: number,
    readonly srcHeight: number,
    readonly width: number,
    readonly height: number,
  ) {
    if (!(width >= 1 && height >= 1 && width <= srcWidth && height <= srcHeight)) {
      throw new Error(`AreaDownscaler: cannot scale ${srcWidth} x ${srcHeight} down to ${width} x ${height}`);
    }
    this.sums = new Uint32Array(width * height * 4);
    this.counts = new Uint32Array(width * height);
    this.col = bins(srcWidth, width);
    this.row = bins(srcHeight, height);
  }

  /**
   * Adds `count` pixels of source row `y` whose RGBA values start at `rgba[0]`: the i-th lies at column x0 + i * dx
   * (dx > 1 for an interlaced pass).
   */
  addRun(y: number, rgba: ArrayLike<number>, count: number, x0 = 0, dx = 1): void {
    const base = (this.row[y] ?? 0) * this.width;
    const { sums, counts, col } = this;
    for (let i = 0, x = x0; i < count; i++, x += dx) {
      const o = base + (col[x] ?? 0);
      const s = o * 4;
      const p = i * 4;
      sums[s] = (sums[s] ?? 0) + (rgba[p] ?? 0);
      sums[s + 1] = (sums[s + 1] ?? 0) + (rgba[p + 1] ?? 0);
      sums[s + 2] = (sums[s + 2] ?? 0) + (rgba[p + 2] ?? 0);
      sums[s + 3] = (sums[s + 3] ?? 0) + (rgba[p + 3] ?? 0);
      counts[o] = (counts[o] ?? 0) + 1;
    }
  }

  /** The averaged image (a pixel no source pixel reached stays transparent black; none does when every row was added). */
  finish(): RgbaImage {
    const data = new Uint8Array(this.width * this.height * 4);
    for (let o = 0; o < this.counts.length; o++) {
      const n = this.counts[o] ?? 0;
      if (n === 0) continue;
      for (let c = 0; c < 4; c++) data[o * 4 + c] = Math.round((this.sums[o * 4 + c] ?? 0) / n);
    }
    return { width: this.width, height: this.height, data };
  }
}

/** For each of `n` source positions, the output position (of `m`) whose span holds its centre. */
function bins(n: number, m: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.min(m - 1, Math.floor(((i + 0.5) * m) / n));
  return out;
}

/** A whole RGBA image scaled down to width x height by area averaging. */
export function downscaleRgba(img: RgbaImage, width: number, height: number): RgbaImage {
  const d = new AreaDownscaler(img.width, img.height, width, height);
  const stride = img.width * 4;
  for (let y = 0; y < img.height; y++) d.addRun(y, img.data.subarray(y * stride, (y + 1) * stride), img.width);
  return d.finish();
}
