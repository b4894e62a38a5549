import { describe, expect, it } from 'vitest';
import { ACQUISITION_NAMES, acquisitionStats } from '../../../src/core/acquisition-stats';
import reference from '../../fixtures/photo-stats-reference.json';

const S = reference.size;
// The same formulas as training/fixtures/photo_stats_reference.py, which wrote the Python values.
const formulas: Record<string, (y: number, x: number, c: number) => number> = {
  ramp: (y, x, c) => (y * 31 + x * 17 + c * 7) % 256,
  skin: (y, x, c) => [180 + ((x * y) % 40), 120 + ((x * 3) % 30), 90 + ((y * 5) % 20)][c]!,
  'grey-checker': (y, x) => ((Math.floor(x / 5) + Math.floor(y / 5)) % 2) * 200 + 20,
};

function input(f: (y: number, x: number, c: number) => number, side = S): Float32Array {
  const a = new Float32Array(side * side * 3);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) for (let c = 0; c < 3; c++) a[(y * side + x) * 3 + c] = (f(y, x, c) - 128) / 128;
  return a;
}

describe('acquisitionStats', () => {
  for (const [name, f] of Object.entries(formulas)) {
    it(`matches the Python mirror the photo-kind check was fitted with (${name})`, () => {
      const ts = acquisitionStats(input(f), S, 128, 128);
      const py = (reference.acquisition as Record<string, number[]>)[name]!;
      expect(ts).toHaveLength(ACQUISITION_NAMES.length);
      ts.forEach((v, i) => expect(v).toBeCloseTo(py[i]!, 9));
    });
  }
  it('reads a dark border, uneven light, highlights and blur where they are', () => {
    const side = 32;
    const vignette = acquisitionStats(input((y, x) => (Math.hypot(y - 15.5, x - 15.5) < 12 ? 180 : 10), side), side, 128, 128);
    expect(vignette[1]).toBeLessThan(-1); // border much darker than the centre
    const lit = acquisitionStats(input((_y, x) => 40 + x * 6, side), side, 128, 128);
    expect(lit[0]).toBeGreaterThan(0.2); // a brightness ramp across the frame
    const glare = acquisitionStats(input((y) => (y < 8 ? 250 : 120), side), side, 128, 128);
    expect(glare[6]).toBeCloseTo(0.25, 9);
    const sharp = acquisitionStats(input((y, x) => ((x + y) % 2) * 200, side), side, 128, 128);
    const smooth = acquisitionStats(input((y, x) => (Math.floor(x / 4) + Math.floor(y / 4)) * 8, side), side, 128, 128);
    expect(sharp[5]).toBeLessThan(smooth[5]!); // pixel-level detail vanishes at half resolution; a smooth ramp keeps it
  });
  it('rejects a wrong-length input', () => {
    expect(() => acquisitionStats(new Float32Array(10), S, 128, 128)).toThrow(/expected/);
  });
});
