import { describe, expect, it } from 'vitest';
import reference from '../../fixtures/photo-stats-reference.json';
import { photoOutOfRange, photoStats, type PhotoStats } from '../../../src/core/photo-stats';

const S = reference.size;
// The same formulas as training/fixtures/photo_stats_reference.py, which wrote the Python values.
const formulas: Record<string, (y: number, x: number, c: number) => number> = {
  ramp: (y, x, c) => (y * 31 + x * 17 + c * 7) % 256,
  skin: (y, x, c) => [180 + ((x * y) % 40), 120 + ((x * 3) % 30), 90 + ((y * 5) % 20)][c]!,
  'grey-checker': (y, x) => ((Math.floor(x / 5) + Math.floor(y / 5)) % 2) * 200 + 20,
};

function input(f: (y: number, x: number, c: number) => number): Float32Array {
  const a = new Float32Array(S * S * 3);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let c = 0; c < 3; c++) a[(y * S + x) * 3 + c] = (f(y, x, c) - 128) / 128;
  return a;
}

describe('photoStats', () => {
  for (const [name, f] of Object.entries(formulas)) {
    it(`matches the Python mirror used to fit the ranges (${name})`, () => {
      const ts = photoStats(input(f), S, 128, 128);
      const py = (reference.stats as Record<string, PhotoStats>)[name]!;
      for (const k of Object.keys(py) as (keyof PhotoStats)[]) expect(ts[k]).toBeCloseTo(py[k], 3);
    });
  }
  it('scores a skin-coloured square as skin and a grey checkerboard as not', () => {
    expect(photoStats(input(formulas.skin!), S, 128, 128).skin).toBe(1);
    expect(photoStats(input(formulas['grey-checker']!), S, 128, 128).skin).toBe(0);
  });
  it('rejects a wrong-length input', () => {
    expect(() => photoStats(new Float32Array(10), S, 128, 128)).toThrow(/expected/);
  });
  it('lists every statistic outside its range', () => {
    const ranges = { brightness: [50, 200], contrast: [5, 60], detail: [0.3, 20], skin: [0.05, 1] } as const;
    const flat: PhotoStats = { brightness: 128, contrast: 0, detail: 0, skin: 0 };
    expect(photoOutOfRange(flat, { ...ranges } as never)).toEqual(['contrast', 'detail', 'skin']);
    expect(photoOutOfRange({ brightness: 120, contrast: 30, detail: 5, skin: 0.8 }, { ...ranges } as never)).toEqual([]);
  });
});
