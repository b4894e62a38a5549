import { describe, expect, it } from 'vitest';
import reference from '../../fixtures/preprocess-reference.json';
import { shadesOfGrey, toModelInput, type InputSpec, type RgbaImage } from '../../../src/core/preprocess';

const { width: W, height: H, size, cropFraction } = reference;
// The same formulas as training/preprocess_reference.py, which wrote the PyTorch inputs.
const formulas: Record<string, (y: number, x: number, c: number) => number> = {
  ramp: (y, x, c) => (y * 31 + x * 17 + c * 7) % 256,
  'blue-cast-lesion': (y, x, c) => ((x - 30) ** 2 + (y - 22) ** 2 < 100 ? 60 : 150 + ((x * y) % 20)) * [0.7, 0.9, 1.3][c]!,
};

function image(f: (y: number, x: number, c: number) => number): RgbaImage {
  const data = new Uint8ClampedArray(W * H * 4);
  // numpy's astype(uint8) truncates; Uint8ClampedArray would round.
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data.set([0, 1, 2].map((c) => Math.trunc(Math.min(255, f(y, x, c)))).concat(255), (y * W + x) * 4);
  return { width: W, height: H, data };
}

describe('toModelInput matches training/data.py (crop, resize, shades of grey, normalisation)', () => {
  for (const [name, f] of Object.entries(formulas)) {
    for (const p of ['0', '6'] as const) {
      it(`${name}, shades-of-grey p=${p}`, () => {
        const spec: InputSpec = { size, mean: 128, scale: 128, cropFraction, ...(p === '6' ? { colourConstancy: { method: 'shades-of-grey', p: 6 } } : {}) };
        const ts = toModelInput(image(f), spec);
        const py = (reference.inputs as Record<string, Record<string, number[]>>)[name]![p]!;
        expect(ts.length).toBe(py.length);
        const worst = py.reduce((m, v, i) => Math.max(m, Math.abs(v - ts[i]!)), 0);
        // 1e-3 of the normalised range is 0.13 of a grey level.
        expect(worst).toBeLessThan(1e-3);
      });
    }
  }
});

describe('shadesOfGrey', () => {
  it('leaves a grey-balanced image unchanged and removes a global colour cast', () => {
    const grey = Float32Array.from([10, 10, 10, 200, 200, 200, 90, 90, 90]);
    expect(Array.from(shadesOfGrey(grey.slice(), 6))).toEqual(Array.from(grey).map((v) => expect.closeTo(v, 4)));
    const cast = Float32Array.from([10 * 0.8, 10, 10 * 1.2, 200 * 0.8, 200, 200 * 1.2, 90 * 0.8, 90, 90 * 1.2]);
    const out = shadesOfGrey(cast, 6);
    // The three channels of each pixel end up equal again (up to the common brightness factor).
    for (let i = 0; i < out.length; i += 3) {
      expect(out[i]!).toBeCloseTo(out[i + 1]!, 3);
      expect(out[i + 2]!).toBeCloseTo(out[i + 1]!, 3);
    }
  });
  it('clips to [0, 255] and rejects bad arguments', () => {
    const out = shadesOfGrey(Float32Array.from([255, 5, 5, 5, 5, 5]), 6);
    expect(Math.max(...out)).toBeLessThanOrEqual(255);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    expect(() => shadesOfGrey(new Float32Array(4), 6)).toThrow(/triples/);
    expect(() => shadesOfGrey(new Float32Array(3), 0)).toThrow(/positive/);
  });
});
