/**
 * Image files for the CLI: folder walking and JPEG / PNG decoding to RGBA (PNG 16-bit and alpha included), with
 * the same pixels as the browser: JPEGs through a libjpeg-turbo-compatible decoder (jpeg-decode.ts; jpeg-js only
 * where that cannot start), EXIF orientation applied, truncated files refused, and photos over the page's decode
 * limit scaled down as the page scales them, with its note.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodeSize, scaledDownNote, swapsAxes } from '../src/core/decode-limits';
import { downscaleRgba } from '../src/core/downscale';
import { sniffImage } from '../src/core/image-sniff';
import type { RgbaImage } from '../src/core/preprocess';
import { applyOrientation, decodeJpegTurbo, initJpegDecoder } from './jpeg-decode';
import { decodePngScaled } from './png-decode';

const IMAGE_EXT = /\.(jpe?g|png)$/i;

/** One command-line path: either a file to process or one that could not be found. */
export type Collected = { file: string } | { file: string; error: string };

/** A folder's images, sorted by name, subfolders included. Links are followed (to files and to folders), each folder
 *  is read once (a link back up the tree is not a loop), and a folder or link that cannot be read becomes an error
 *  entry instead of stopping the run. */
async function walk(dir: string, seen: Set<string>): Promise<Collected[]> {
  let entries: Dirent[];
  try {
    const real = await realpath(dir);
    if (seen.has(real)) return [];
    seen.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    return [{ file: dir, error: `cannot read this folder (${errorCode(e)})` }];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: Collected[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      try {
        const target = await stat(p);
        [isDir, isFile] = [target.isDirectory(), target.isFile()];
      } catch (err) {
        if (IMAGE_EXT.test(e.name)) out.push({ file: p, error: `broken link (${errorCode(err)})` });
        continue;
      }
    }
    if (isDir) out.push(...(await walk(p, seen)));
    else if (isFile && IMAGE_EXT.test(e.name)) out.push({ file: p });
  }
  return out;
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException | undefined)?.code ?? String(e);
}

/** Expands folders (recursively, sorted by name; .jpg .jpeg .png only); files given by name are kept as given. */
export async function collectImages(args: readonly string[]): Promise<Collected[]> {
  const out: Collected[] = [];
  for (const a of args) {
    let s: Stats;
    try {
      s = await stat(a);
    } catch {
      out.push({ file: a, error: 'no such file or folder' });
      continue;
    }
    if (s.isDirectory()) out.push(...(await walk(a, new Set())));
    else out.push({ file: a });
  }
  return out;
}

/**
 * The largest JPEG the CLI decodes, in megapixels: the decoder holds the whole image in its WebAssembly memory (2 GB
 * at most) before scaling it down, 4 bytes a pixel and more for progressive JPEGs. The page scales larger ones down
 * while decoding; a 108-megapixel phone photo is well within it.
 */
export const MAX_JPEG_MEGAPIXELS = 200;

/** A decoded image, with what is worth saying about it (the page's notes, e.g. that it was scaled down). */
export interface DecodedImage extends RgbaImage {
  notes: string[];
}

/** Whether the libjpeg-turbo-compatible decoder started here; undefined until the first JPEG. */
let turbo: boolean | undefined;

/**
 * The size to decode at, as the page's (core/decode-limits decodeSize: the longest side at most MAX_DECODE_SIDE),
 * and the page's note when that is smaller than the stored size. Sizes are as stored; the note gives them as shown.
 */
function target(width: number, height: number, orientation: number | undefined): { width: number; height: number; note: string | null } {
  const t = decodeSize(width, height);
  if (t.scale >= 1) return { width, height, note: null };
  const [w, h, tw, th] = swapsAxes(orientation) ? [height, width, t.height, t.width] : [width, height, t.width, t.height];
  return { width: t.width, height: t.height, note: scaledDownNote(w, h, tw, th) };
}

async function decodeJpeg(bytes: Uint8Array): Promise<DecodedImage> {
  const sniff = sniffImage(bytes);
  // The browser refuses these too (core/decode-limits); libjpeg would return a part-grey image.
  if (sniff.truncated) throw new Error('JPEG is truncated (it ends before the image does)');
  const { width = 0, height = 0 } = sniff;
  if (width * height > MAX_JPEG_MEGAPIXELS * 1e6) {
    throw new Error(`JPEG is ${((width * height) / 1e6).toFixed(0)} megapixels; the CLI decodes JPEGs up to ${MAX_JPEG_MEGAPIXELS} megapixels`);
  }
  const t = width && height ? target(width, height, sniff.orientation) : null;
  if (turbo === undefined)
    turbo = await initJpegDecoder().then(
      () => true,
      (e: unknown) => {
        process.emitWarning(
          `the WebAssembly JPEG decoder did not start (${e instanceof Error ? e.message : String(e)}); using jpeg-js, whose pixels differ slightly from the browser's`,
        );
        return false;
      },
    );
  let img: RgbaImage;
  if (turbo) img = await decodeJpegTurbo(bytes, t ?? undefined);
  else {
    const j = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_JPEG_MEGAPIXELS, maxMemoryUsageInMB: 2048 });
    img = { width: j.width, height: j.height, data: j.data };
    if (t && (t.width < img.width || t.height < img.height)) img = downscaleRgba(img, t.width, t.height);
  }
  if (!img.width || !img.height) throw new Error('JPEG has no pixels');
  return { ...applyOrientation(img, sniff.orientation), notes: t?.note ? [t.note] : [] };
}

/** Decodes PNG bytes: through pngjs, or scaled down while decoding when larger than the page's decode limit. */
async function decodePng(bytes: Uint8Array): Promise<DecodedImage> {
  const sniff = sniffImage(bytes);
  const t = sniff.width && sniff.height ? target(sniff.width, sniff.height, undefined) : null;
  if (t?.note) return { ...(await decodePngScaled(bytes, t.width, t.height)), notes: [t.note] };
  // pngjs expands palette, grey and grey+alpha to RGBA and rescales 16-bit samples to 8-bit.
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { width: png.width, height: png.height, data: png.data, notes: [] };
}

/**
 * Decodes JPEG or PNG bytes by their magic number (not the file extension), scaled down as the page scales them
 * (core/decode-limits), with the page's note when it was. Rejects with a short reason.
 */
export async function decodeImage(bytes: Uint8Array): Promise<DecodedImage> {
  if (bytes.length === 0) throw new Error('empty file (0 bytes)');
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return decodeJpeg(bytes);
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return decodePng(bytes);
  throw new Error('not a JPEG or PNG file');
}

/** Reads and decodes one file; errors say what went wrong in a few words. */
export async function readImage(file: string): Promise<DecodedImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new Error(`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  // An empty file is not a broken image: say what it is.
  if (bytes.length === 0) throw new Error('empty file (0 bytes)');
  try {
    return await decodeImage(bytes);
  } catch (e) {
    throw new Error(`cannot decode: ${e instanceof Error ? e.message : String(e)}`);
  }
}
