import { describe, expect, it } from 'vitest';
import { centredSquare, toModelInput, type RgbaImage } from '../../../src/core/preprocess';

/** A w x h image whose pixel value encodes its column (R) and row (G). */
function ramp(w: number, h: number): RgbaImage {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([x, y, 0, 255], (y * w + x) * 4);
  return { width: w, height: h, data };
}

describe('default crop (metadata.input.cropFraction)', () => {
  it('is the largest centred square at fraction 1, and a smaller centred one below, in whole pixels', () => {
    expect(centredSquare(200, 150)).toEqual({ x: 25, y: 0, size: 150 });
    expect(centredSquare(200, 150, 0.8)).toEqual({ x: 40, y: 15, size: 120 });
    // As training/lib/data.py centre_square: side round(short * f), offsets floor((side_long - side) / 2).
    expect(centredSquare(201, 151, 0.7)).toEqual({ x: 47, y: 22, size: 106 });
    expect(centredSquare(3, 3, 0.01)).toEqual({ x: 1, y: 1, size: 1 });
  });

  it('toModelInput crops with the spec fraction by default', () => {
    const img = ramp(200, 150);
    const spec = { size: 4, mean: 0, scale: 1, cropFraction: 0.5 };
    const x = toModelInput(img, spec);
    const same = toModelInput(img, { size: 4, mean: 0, scale: 1 }, centredSquare(200, 150, 0.5));
    expect(Array.from(x)).toEqual(Array.from(same));
    // The crop is columns 62..136 of 200 (a centred 75 px square): the first output column reads about 62 and up.
    expect(x[0]).toBeGreaterThan(60);
    expect(x[0]).toBeLessThan(80);
    const full = toModelInput(img, { size: 4, mean: 0, scale: 1 });
    expect(full[0]).toBeLessThan(x[0]!);
  });
});
