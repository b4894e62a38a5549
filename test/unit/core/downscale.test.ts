/** Area-averaging downscale (core/downscale.ts): what the CLI shrinks photos over the page's decode limit with. */
import { describe, expect, it } from 'vitest';
import { AreaDownscaler, downscaleRgba } from '../../../src/core/downscale';

const image = (width: number, height: number, f: (x: number, y: number) => [number, number, number, number]) => {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(f(x, y), (y * width + x) * 4);
  return { width, height, data };
};

describe('downscaleRgba', () => {
  it('averages each block of source pixels, all four channels', () => {
    const src = image(4, 2, (x, y) => [x * 10, y * 100, 7, x < 2 ? 255 : 0]);
    const out = downscaleRgba(src, 2, 1);
    expect([out.width, out.height]).toEqual([2, 1]);
    // Left block: x 0-1, y 0-1 -> red (0 + 10) / 2, green (0 + 100) / 2; right block: red (20 + 30) / 2.
    expect(Array.from(out.data)).toEqual([5, 50, 7, 255, 25, 50, 7, 0]);
  });

  it('is the identity at the same size, and keeps a flat colour flat at any ratio', () => {
    const src = image(7, 5, (x, y) => [x * 30, y * 50, (x + y) % 256, 255]);
    expect(Array.from(downscaleRgba(src, 7, 5).data)).toEqual(Array.from(src.data));
    const flat = image(13, 11, () => [200, 150, 130, 255]);
    for (const [w, h] of [
      [5, 4],
      [1, 1],
      [12, 3],
    ] as const) {
      const out = downscaleRgba(flat, w, h);
      for (let i = 0; i < w * h; i++) expect(Array.from(out.data.subarray(i * 4, i * 4 + 4))).toEqual([200, 150, 130, 255]);
    }
  });

  it('counts every source pixel once when the ratio is not a whole number (the mean is kept)', () => {
    const src = image(10, 1, (x) => [x * 20, 0, 0, 255]);
    const d = new AreaDownscaler(10, 1, 3, 1);
    d.addRun(0, src.data, 10);
    const out = d.finish();
    // Bins by pixel centre: 0-2 | 3-6 | 7-9 (3, 4 and 3 pixels); weighted by their counts they keep the mean, 90.
    expect(Array.from(out.data.filter((_, i) => i % 4 === 0))).toEqual([20, 90, 160]);
  });

  it('takes strided runs in any row order (interlaced passes) and gives the same image', () => {
    const src = image(8, 4, (x, y) => [x * 25, y * 60, 9, 255]);
    const d = new AreaDownscaler(8, 4, 2, 2);
    for (const y of [3, 1, 0, 2]) {
      const row = src.data.subarray(y * 32, y * 32 + 32);
      const even = row.filter((_, i) => (i >> 2) % 2 === 0);
      const odd = row.filter((_, i) => (i >> 2) % 2 === 1);
      d.addRun(y, odd, 4, 1, 2);
      d.addRun(y, even, 4, 0, 2);
    }
    expect(Array.from(d.finish().data)).toEqual(Array.from(downscaleRgba(src, 2, 2).data));
  });

  it('refuses to scale up', () => {
    expect(() => new AreaDownscaler(10, 10, 11, 5)).toThrow(/cannot scale 10 x 10 down to 11 x 5/);
    expect(() => new AreaDownscaler(10, 10, 0, 5)).toThrow();
  });
});
