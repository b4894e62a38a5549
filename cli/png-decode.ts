/**
 * A PNG decoder for the CLI that scales down while it decodes, for PNGs larger than the page's decode limit: the
 * image data is inflated as a stream and each row is unfiltered, turned into RGBA and added to an area-averaging
 * downscaler (core/downscale.ts), so a 108-megapixel PNG costs the output image and two rows, not 432 MB. Every
 * PNG form is read: bit depths 1-16, grey, RGB, palette, with alpha or tRNS, interlaced (Adam7) or not. Smaller
 * PNGs keep going through pngjs (cli/images.ts).
 */
import { once } from 'node:events';
import { createInflate } from 'node:zlib';
import { AreaDownscaler } from '../src/core/downscale';
import type { RgbaImage } from '../src/core/preprocess';

/** The header fields that shape the pixel data. */
interface Header {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  interlaced: boolean;
}

/** Samples per pixel of each colour type (0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
/** Adam7 passes: first column, first row, column step, row step. */
export const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

const u32 = (b: Uint8Array, o: number): number => (((b[o] ?? 0) << 24) >>> 0) + ((b[o + 1] ?? 0) << 16) + ((b[o + 2] ?? 0) << 8) + (b[o + 3] ?? 0);

/** Decodes PNG bytes straight to width x height (smaller than the PNG) by area averaging. Rejects with a short reason. */
export async function decodePngScaled(bytes: Uint8Array, width: number, height: number): Promise<RgbaImage> {
  let header: Header | undefined;
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let o = 8;
  let ended = false;
  while (o + 8 <= bytes.length) {
    const len = u32(bytes, o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    const body = bytes.subarray(o + 8, o + 8 + len);
    if (body.length < len) break;
    if (type === 'IHDR') {
      header = { width: u32(body, 0), height: u32(body, 4), depth: body[8] ?? 0, colourType: body[9] ?? 0, interlaced: body[12] === 1 };
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') trns = body;
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    o += 12 + len;
  }
  if (!header) throw new Error('PNG has no header');
  if (!ended) throw new Error('PNG is truncated (it ends before the image does)');
  const { depth, colourType } = header;
  const channels = CHANNELS[colourType];
  if (channels === undefined || !DEPTHS[colourType]?.includes(depth)) throw new Error(`PNG colour type ${colourType} with ${depth}-bit samples is not valid`);
  if (colourType === 3 && !palette) throw new Error('PNG has a palette image but no palette');

  const out = new AreaDownscaler(header.width, header.height, width, height);
  const toRgba = pixelConverter(header, channels, palette, trns);
  const bpp = Math.max(1, (channels * depth) >> 3);
  const passes = header.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  // The passes in order, skipping empty ones, with their sizes: the inflated stream is their rows back to back.
  const plan = passes
    .map(([x0, y0, dx, dy]) => ({ x0, y0, dx, dy, w: Math.ceil((header.width - x0) / dx), h: Math.ceil((header.height - y0) / dy) }))
    .filter((p) => p.w > 0 && p.h > 0);
  const maxStride = Math.max(...plan.map((p) => Math.ceil((p.w * channels * depth) / 8))) + 1;
  let cur = new Uint8Array(maxStride);
  let prev = new Uint8Array(maxStride);
  const rgba = new Uint8Array(header.width * 4);
  let pass = 0;
  let rowInPass = 0;
  let filled = 0;

  const consume = (chunk: Buffer): void => {
    let i = 0;
    while (i < chunk.length) {
      const p = plan[pass];
      if (!p) return; // trailing bytes after the last row: ignored, as libpng does
      const stride = Math.ceil((p.w * channels * depth) / 8) + 1;
      const take = Math.min(stride - filled, chunk.length - i);
      cur.set(chunk.subarray(i, i + take), filled);
      filled += take;
      i += take;
      if (filled < stride) return;
      unfilter(cur, prev, stride, bpp);
      toRgba(cur.subarray(1, stride), p.w, rgba);
      out.addRun(p.y0 + rowInPass * p.dy, rgba, p.w, p.x0, p.dx);
      [cur, prev] = [prev, cur];
      filled = 0;
      if (++rowInPass === p.h) {
        pass++;
        rowInPass = 0;
        prev.fill(0);
      }
    }
  };

  const inflate = createInflate();
  inflate.on('data', consume);
  const done = once(inflate, 'end');
  for (const part of idat) inflate.write(part);
  inflate.end();
  try {
    await done;
  } catch (e) {
    throw new Error(`PNG data is corrupt (${e instanceof Error ? e.message : String(e)})`);
  }
  if (pass < plan.length) throw new Error('PNG is truncated (its image data ends early)');
  return out.finish();
}

/** Reverses the PNG row filter in place (row[0] is the filter type; `prev` is the unfiltered row above, or zeros). */
function unfilter(row: Uint8Array, prev: Uint8Array, stride: number, bpp: number): void {
  const left = (i: number): number => (i > bpp ? (row[i - bpp] ?? 0) : 0);
  switch (row[0]) {
    case 0:
      return;
    case 1:
      for (let i = 1 + bpp; i < stride; i++) row[i] = (row[i] ?? 0) + (row[i - bpp] ?? 0);
      return;
    case 2:
      for (let i = 1; i < stride; i++) row[i] = (row[i] ?? 0) + (prev[i] ?? 0);
      return;
    case 3:
      for (let i = 1; i < stride; i++) row[i] = (row[i] ?? 0) + ((left(i) + (prev[i] ?? 0)) >> 1);
      return;
    case 4:
      for (let i = 1; i < stride; i++) {
        const a = left(i);
        const b = prev[i] ?? 0;
        const c = i > bpp ? (prev[i - bpp] ?? 0) : 0;
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        row[i] = (row[i] ?? 0) + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      return;
    default:
      throw new Error(`PNG row filter ${row[0]} is not valid`);
  }
}

/** A function writing `count` pixels of one unfiltered row (without its filter byte) as 8-bit RGBA. */
function pixelConverter(h: Header, channels: number, palette: Uint8Array | undefined, trns: Uint8Array | undefined) {
  const { depth, colourType } = h;
  const max = (1 << Math.min(depth, 8)) - 1;
  // 16-bit samples to 8 as pngjs rounds them, so that a PNG just over the limit reads like one just under it.
  const sample = (row: Uint8Array, s: number): number => {
    if (depth === 16) return ((row[s * 2] ?? 0) << 8) | (row[s * 2 + 1] ?? 0);
    if (depth === 8) return row[s] ?? 0;
    const bit = s * depth;
    return ((row[bit >> 3] ?? 0) >> (8 - depth - (bit & 7))) & max;
  };
  const to8 = (v: number): number => (depth === 16 ? Math.round((v * 255) / 65535) : depth === 8 ? v : Math.round((v * 255) / max));
  // tRNS for grey and RGB names one colour (in raw samples) that is transparent; as pngjs, such a pixel reads 0, 0, 0, 0.
  const key = trns && (colourType === 0 || colourType === 2) ? Array.from({ length: colourType === 0 ? 1 : 3 }, (_, i) => u16(trns, i * 2)) : null;
  if (depth === 8 && (colourType === 2 || colourType === 6) && !key) {
    return (row: Uint8Array, count: number, out: Uint8Array): void => {
      for (let x = 0, s = 0, o = 0; x < count; x++, s += channels, o += 4) {
        out[o] = row[s] ?? 0;
        out[o + 1] = row[s + 1] ?? 0;
        out[o + 2] = row[s + 2] ?? 0;
        out[o + 3] = channels === 4 ? (row[s + 3] ?? 0) : 255;
      }
    };
  }
  return (row: Uint8Array, count: number, out: Uint8Array): void => {
    for (let x = 0; x < count; x++) {
      const s = x * channels;
      const o = x * 4;
      switch (colourType) {
        case 3: {
          const i = sample(row, x);
          out[o] = palette?.[i * 3] ?? 0;
          out[o + 1] = palette?.[i * 3 + 1] ?? 0;
          out[o + 2] = palette?.[i * 3 + 2] ?? 0;
          out[o + 3] = trns && i < trns.length ? (trns[i] ?? 255) : 255;
          break;
        }
        case 0:
        case 4: {
          const g = sample(row, s);
          if (key && g === key[0]) out.fill(0, o, o + 4);
          else {
            out[o] = out[o + 1] = out[o + 2] = to8(g);
            out[o + 3] = colourType === 4 ? to8(sample(row, s + 1)) : 255;
          }
          break;
        }
        default: {
          const r = sample(row, s);
          const g = sample(row, s + 1);
          const b = sample(row, s + 2);
          if (key && r === key[0] && g === key[1] && b === key[2]) out.fill(0, o, o + 4);
          else {
            out[o] = to8(r);
            out[o + 1] = to8(g);
            out[o + 2] = to8(b);
            out[o + 3] = colourType === 6 ? to8(sample(row, s + 3)) : 255;
          }
        }
      }
    }
  };
}

const u16 = (b: Uint8Array, o: number): number => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
