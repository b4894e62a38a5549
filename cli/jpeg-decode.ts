/**
 * JPEG decoding for the CLI with libjpeg-turbo's algorithms (MozJPEG's decoder, a libjpeg-turbo fork, built to
 * WebAssembly in @jsquash/jpeg), so that the CLI sees the same pixels as Chromium, which decodes JPEGs with
 * libjpeg-turbo: same integer IDCT and the same "fancy" (triangular) chroma upsampling. jpeg-js rounds both
 * differently, which moved the model's probabilities by up to 1e-2 against the page.
 * The .wasm is read from the package folder (no network). EXIF orientation is applied like the browser's
 * createImageBitmap({ imageOrientation: 'from-image' }).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import decode, { init } from '@jsquash/jpeg/decode.js';
import { downscaleRgba } from '../src/core/downscale';
import type { RgbaImage } from '../src/core/preprocess';

let ready: Promise<void> | undefined;
/** libjpeg's last messages (warnings and the fatal error), instead of the module printing them on stderr. */
let messages: string[] = [];

/** Compiles the decoder once per thread from the local .wasm file. Rejects where WebAssembly cannot run it. */
export function initJpegDecoder(): Promise<void> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(path.dirname(require.resolve('@jsquash/jpeg/package.json')), 'codec', 'dec', 'mozjpeg_dec.wasm');
    const module = await WebAssembly.compile(readFileSync(wasmPath));
    const log = (s: string): void => {
      messages.push(String(s));
      if (messages.length > 4) messages.shift();
    };
    await (init as (m: WebAssembly.Module, o: object) => Promise<void>)(module, { print: log, printErr: log });
  })();
  return ready;
}

/** Applies an EXIF orientation (1-8) to RGBA pixels, as browsers do when they decode a photo. */
export function applyOrientation(img: RgbaImage, orientation: number | undefined): RgbaImage {
  if (!orientation || orientation === 1 || orientation > 8) return img;
  const { width: w, height: h, data: src } = img;
  const swap = orientation >= 5;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  const out = new Uint8Array(ow * oh * 4);
  const s32 = new Uint32Array(src.buffer, src.byteOffset, w * h);
  const o32 = new Uint32Array(out.buffer);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2:
          [sx, sy] = [w - 1 - x, y];
          break;
        case 3:
          [sx, sy] = [w - 1 - x, h - 1 - y];
          break;
        case 4:
          [sx, sy] = [x, h - 1 - y];
          break;
        case 5:
          [sx, sy] = [y, x];
          break;
        case 6:
          [sx, sy] = [y, h - 1 - x];
          break;
        case 7:
          [sx, sy] = [w - 1 - y, h - 1 - x];
          break;
        default:
          [sx, sy] = [w - 1 - y, x]; // 8
      }
      o32[y * ow + x] = s32[sy * w + sx] as number;
    }
  }
  return { width: ow, height: oh, data: out };
}

/**
 * Decodes JPEG bytes to RGBA with the libjpeg-turbo-compatible decoder (no orientation applied). With `size`, the
 * image is scaled down to it (area averaging) straight from the decoder's memory, without a full-size copy.
 */
export async function decodeJpegTurbo(bytes: Uint8Array, size?: { width: number; height: number }): Promise<RgbaImage> {
  await initJpegDecoder();
  // The decoder copies the bytes into its own memory; give it exactly this file's bytes (a Buffer is often a
  // view into a shared pool, and Buffer#slice does not copy).
  const buf =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : Uint8Array.prototype.slice.call(bytes).buffer;
  messages = [];
  let img: ImageData;
  try {
    img = await decode(buf);
  } catch (e) {
    const why = messages.at(-1) ?? (e instanceof Error ? e.message : String(e));
    throw new Error(why.replace(/\s+$/, ''));
  }
  if (!img?.width || !img.height) throw new Error('JPEG has no pixels');
  const d = img.data;
  if (size && (size.width < img.width || size.height < img.height)) {
    return downscaleRgba({ width: img.width, height: img.height, data: d }, Math.min(size.width, img.width), Math.min(size.height, img.height));
  }
  // Copied unless the pixels own their buffer (a view into the module's heap would change on the next decode).
  const data = d.byteOffset === 0 && d.buffer.byteLength === d.byteLength ? new Uint8Array(d.buffer) : new Uint8Array(d);
  return { width: img.width, height: img.height, data };
}
