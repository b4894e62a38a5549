/**
 * Image files for the CLI: folder walking and JPEG / PNG decoding to RGBA (PNG 16-bit and alpha included), with
 * the same pixels as the browser: JPEGs through a libjpeg-turbo-compatible decoder (jpeg-decode.ts; jpeg-js only
 * where that cannot start), EXIF orientation applied, truncated files refused.
 */
import type { Dirent, Stats } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { sniffImage } from '../src/core/image-sniff';
import type { RgbaImage } from '../src/core/preprocess';
import { applyOrientation, decodeJpegTurbo, initJpegDecoder } from './jpeg-decode';

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

/** The largest image the CLI decodes, in megapixels (a 100 MP RGBA frame is 400 MB). */
const MAX_MEGAPIXELS = 100;

/** Whether the libjpeg-turbo-compatible decoder started here; undefined until the first JPEG. */
let turbo: boolean | undefined;

async function decodeJpeg(bytes: Uint8Array): Promise<RgbaImage> {
  const sniff = sniffImage(bytes);
  // The browser refuses these too (core/decode-limits); libjpeg would return a part-grey image.
  if (sniff.truncated) throw new Error('JPEG is truncated (it ends before the image does)');
  if (sniff.width && sniff.height && sniff.width * sniff.height > MAX_MEGAPIXELS * 1e6) throw new Error(`JPEG is larger than ${MAX_MEGAPIXELS} megapixels`);
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
  if (turbo) img = await decodeJpegTurbo(bytes);
  else {
    const j = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 2048 });
    img = { width: j.width, height: j.height, data: j.data };
  }
  if (!img.width || !img.height) throw new Error('JPEG has no pixels');
  return applyOrientation(img, sniff.orientation);
}

/** Decodes JPEG or PNG bytes by their magic number (not the file extension). Rejects with a short reason. */
export async function decodeImage(bytes: Uint8Array): Promise<RgbaImage> {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return decodeJpeg(bytes);
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    // pngjs expands palette, grey and grey+alpha to RGBA and rescales 16-bit samples to 8-bit.
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    if (png.width * png.height > MAX_MEGAPIXELS * 1e6) throw new Error(`PNG is larger than ${MAX_MEGAPIXELS} megapixels`);
    return { width: png.width, height: png.height, data: png.data };
  }
  throw new Error('not a JPEG or PNG file');
}

/** Reads and decodes one file; errors say what went wrong in a few words. */
export async function readImage(file: string): Promise<RgbaImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new Error(`cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return await decodeImage(bytes);
  } catch (e) {
    throw new Error(`cannot decode: ${e instanceof Error ? e.message : String(e)}`);
  }
}
