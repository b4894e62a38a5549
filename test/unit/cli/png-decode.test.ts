/**
 * The CLI's scaling PNG decoder (cli/png-decode.ts) reads every PNG form as pngjs does: at the same size it gives
 * pngjs's pixels exactly, and scaled down it gives pngjs's pixels scaled down by the same area average. The PNGs are
 * written here by a small encoder that covers what pngjs cannot write: palettes, 1-4-bit samples, tRNS, Adam7
 * interlacing and all five row filters.
 */
import zlib from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ADAM7, decodePngScaled } from '../../../cli/png-decode';
import { downscaleRgba } from '../../../src/core/downscale';
import { chunk } from '../../fixtures/generate';
import { seeded } from '../../fixtures/random';

interface Form {
  colourType: 0 | 2 | 3 | 4 | 6;
  depth: 1 | 2 | 4 | 8 | 16;
  interlaced?: boolean;
  /** tRNS: the palette's alphas, or the transparent grey / RGB sample values. */
  trns?: number[];
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

/** Filters one row of raw bytes with the given filter type (PNG spec 9.2). */
function filterRow(type: number, row: Uint8Array, prev: Uint8Array, bpp: number): Uint8Array {
  const out = new Uint8Array(row.length + 1);
  out[0] = type;
  for (let i = 0; i < row.length; i++) {
    const a = i >= bpp ? (row[i - bpp] ?? 0) : 0;
    const b = prev[i] ?? 0;
    const c = i >= bpp ? (prev[i - bpp] ?? 0) : 0;
    const p = a + b - c;
    const pred =
      [0, a, b, (a + b) >> 1, Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c][
        type
      ] ?? 0;
    out[i + 1] = ((row[i] ?? 0) - pred) & 0xff;
  }
  return out;
}

/** A PNG of `form` whose samples are `sample(x, y, channel)` (already within the bit depth); filters cycle by row. */
function encode(width: number, height: number, form: Form, sample: (x: number, y: number, c: number) => number): Buffer {
  const ch = CHANNELS[form.colourType];
  const bpp = Math.max(1, (ch * form.depth) >> 3);
  const passes = form.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const rows: Uint8Array[] = [];
  let n = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = Math.ceil((width - x0) / dx);
    const h = Math.ceil((height - y0) / dy);
    if (w <= 0 || h <= 0) continue;
    let prev = new Uint8Array(Math.ceil((w * ch * form.depth) / 8));
    for (let j = 0; j < h; j++) {
      const row = new Uint8Array(prev.length);
      for (let i = 0; i < w; i++) {
        for (let c = 0; c < ch; c++) {
          const v = sample(x0 + i * dx, y0 + j * dy, c);
          const s = i * ch + c;
          if (form.depth === 16) {
            row[s * 2] = v >> 8;
            row[s * 2 + 1] = v & 0xff;
          } else if (form.depth === 8) row[s] = v;
          else {
            const bit = s * form.depth;
            row[bit >> 3] = (row[bit >> 3] ?? 0) | (v << (8 - form.depth - (bit & 7)));
          }
        }
      }
      rows.push(filterRow(n++ % 5, row, prev, bpp));
      prev = row;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = form.depth;
  ihdr[9] = form.colourType;
  ihdr[12] = form.interlaced ? 1 : 0;
  const parts = [Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr)];
  if (form.colourType === 3) parts.push(chunk('PLTE', Buffer.from(Array.from({ length: 256 * 3 }, (_, i) => (i * 37) % 256))));
  if (form.trns) {
    const t = form.colourType === 3 ? Buffer.from(form.trns) : Buffer.alloc(form.trns.length * 2);
    if (form.colourType !== 3) form.trns.forEach((v, i) => t.writeUInt16BE(v, i * 2));
    parts.push(chunk('tRNS', t));
  }
  const data = zlib.deflateSync(Buffer.concat(rows));
  // Two IDAT chunks: the decoder must join them.
  const half = data.length >> 1;
  parts.push(chunk('IDAT', data.subarray(0, half)), chunk('IDAT', data.subarray(half)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

const FORMS: Form[] = [
  { colourType: 0, depth: 1 },
  { colourType: 0, depth: 2 },
  { colourType: 0, depth: 4, trns: [5] },
  { colourType: 0, depth: 8 },
  { colourType: 0, depth: 16 },
  { colourType: 2, depth: 8 },
  { colourType: 2, depth: 8, trns: [10, 20, 30] },
  { colourType: 2, depth: 16, interlaced: true },
  { colourType: 3, depth: 1 },
  { colourType: 3, depth: 4, trns: [0, 128, 255, 40] },
  { colourType: 3, depth: 8, interlaced: true },
  { colourType: 4, depth: 8 },
  { colourType: 4, depth: 16 },
  { colourType: 6, depth: 8 },
  { colourType: 6, depth: 8, interlaced: true },
  { colourType: 6, depth: 16 },
];

/** Samples with some structure (so filters matter) and some noise, within the form's depth. */
function samples(form: Form, seed: number): (x: number, y: number, c: number) => number {
  const r = seeded(seed);
  const max = form.colourType === 3 ? Math.min(255, (1 << form.depth) - 1) : (1 << form.depth) - 1;
  const noise = Array.from({ length: 4096 }, () => r());
  return (x, y, c) => {
    // A transparent key colour appears now and then.
    if (form.trns && form.colourType !== 3 && (x + y) % 7 === 0) return form.trns[c] ?? 0;
    return Math.min(max, Math.floor((((x * 3 + y * 5 + c * 11) % 17) / 17 + (noise[(x * 31 + y * 17 + c) % 4096] ?? 0) * 0.3) * (max + 1) * 0.77));
  };
}

const pngjs = (b: Buffer) => {
  const p = PNG.sync.read(b);
  return { width: p.width, height: p.height, data: new Uint8Array(p.data) };
};

describe('scaling PNG decoder', () => {
  it('reads every form (colour type, bit depth, tRNS, interlacing, all five filters) exactly as pngjs does', async () => {
    for (const [i, form] of FORMS.entries()) {
      const bytes = encode(37, 23, form, samples(form, i + 1));
      const ref = pngjs(bytes);
      const got = await decodePngScaled(bytes, 37, 23);
      expect(Array.from(got.data), JSON.stringify(form)).toEqual(Array.from(ref.data));
    }
  });

  it('scaled down, gives the pngjs pixels averaged by the same downscale', async () => {
    for (const form of [FORMS[5], FORMS[10], FORMS[13]] as Form[]) {
      const bytes = encode(301, 203, form, samples(form, 9));
      const got = await decodePngScaled(bytes, 97, 65);
      expect([got.width, got.height]).toEqual([97, 65]);
      expect(Array.from(got.data), JSON.stringify(form)).toEqual(Array.from(downscaleRgba(pngjs(bytes), 97, 65).data));
    }
  });

  it('says what is wrong with a broken PNG', async () => {
    const good = encode(40, 30, { colourType: 2, depth: 8 }, samples({ colourType: 2, depth: 8 }, 3));
    await expect(decodePngScaled(good.subarray(0, good.length - 20), 20, 15)).rejects.toThrow(/truncated/);
    const iend = good.length - 12;
    const shortData = Buffer.concat([encode(40, 10, { colourType: 2, depth: 8 }, () => 1).subarray(0, -12), good.subarray(iend)]);
    // A header saying 30 rows over data for 10.
    shortData.writeUInt32BE(30, 8 + 8 + 4);
    await expect(decodePngScaled(shortData, 20, 15)).rejects.toThrow(/truncated|corrupt/);
    const bad = Buffer.from(good);
    bad.writeUInt8(3, 8 + 8 + 9); // colour type 3 without a palette
    await expect(decodePngScaled(bad, 20, 15)).rejects.toThrow(/palette/);
  });
});
