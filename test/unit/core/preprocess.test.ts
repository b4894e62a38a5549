import { describe, expect, it } from 'vitest';
import reference from '../../fixtures/preprocess-reference.json';
import { centredSquare, fieldSquare, shadesOfGrey, toModelInput, type InputSpec, type RgbaImage } from '../../../src/core/preprocess';

const { width: W, height: H, size, cropFraction } = reference;
// The same formulas as training/fixtures/preprocess_reference.py, which wrote the PyTorch inputs.
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

describe('toModelInput matches training/lib/data.py (crop, resize, shades of grey, normalisation)', () => {
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

describe('fieldSquare matches training/lib/data.py field_square (the default crop inside a round field of view)', () => {
  const { width: fw, height: fh, cropFraction: ff, crops } = reference.field;
  // The same photos as training/fixtures/preprocess_reference.py: skin-like texture, near-black outside the field.
  const fields: Record<string, [number, number, number] | null> = {
    'centred 1.0': [0, 0, 1.0],
    'centred 0.9': [0, 0, 0.9],
    'off-centre 0.8': [9, -6, 0.8],
    'wide 1.2': [0, 0, 1.2],
    none: [0, 0, 9.0],
    'tiny 0.4': [0, 0, 0.4],
    'one dark corner': null,
  };
  function photo(spec: [number, number, number] | null): RgbaImage {
    const data = new Uint8ClampedArray(fw * fh * 4);
    for (let y = 0; y < fh; y++) {
      for (let x = 0; x < fw; x++) {
        const inside =
          spec === null ? x ** 2 + y ** 2 > 40 ** 2 : (x - (fw - 1) / 2 - spec[0]) ** 2 + (y - (fh - 1) / 2 - spec[1]) ** 2 <= ((spec[2] * fh) / 2) ** 2;
        const px = inside ? [170 + ((x * 7 + y * 13) % 23), 130 + ((x * 3 + y * 5) % 17), 110 + ((x + y) % 11)] : [0, 1, 2].map(() => (x + y) % 9);
        data.set([...px, 255], (y * fw + x) * 4);
      }
    }
    return { width: fw, height: fh, data };
  }
  for (const [name, spec] of Object.entries(fields)) {
    it(name, () => {
      const [y, x, size] = (crops as Record<string, number[]>)[name]!;
      expect(fieldSquare(photo(spec), ff)).toEqual({ x, y, size });
    });
  }
  it('shrinks the crop for narrow fields and leaves it alone otherwise', () => {
    const plain = centredSquare(fw, fh, ff);
    expect(fieldSquare(photo(fields['centred 0.9']!), ff).size).toBeLessThan(plain.size);
    expect(fieldSquare(photo(fields.none!), ff)).toEqual(plain);
    expect(fieldSquare(photo(fields['one dark corner']!), ff)).toEqual(plain);
  });
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
