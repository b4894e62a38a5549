/** Image files for the CLI: folder walking and JPEG / PNG decoding to RGBA (PNG 16-bit and alpha included). */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaImage } from '../src/core/preprocess';

const IMAGE_EXT = /\.(jpe?g|png)$/i;

/** One command-line path: either a file to process or one that could not be found. */
export type Collected = { file: string } | { file: string; error: string };

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && IMAGE_EXT.test(e.name)) out.push(p);
  }
  return out;
}

/** Expands folders (recursively, sorted by name; .jpg .jpeg .png only); files given by name are kept as given. */
export async function collectImages(args: readonly string[]): Promise<Collected[]> {
  const out: Collected[] = [];
  for (const a of args) {
    let s;
    try {
      s = await stat(a);
    } catch {
      out.push({ file: a, error: 'no such file or folder' });
      continue;
    }
    if (s.isDirectory()) out.push(...(await walk(a)).map((file) => ({ file })));
    else out.push({ file: a });
  }
  return out;
}

/** The largest image the CLI decodes, in megapixels; jpeg-js holds the whole frame (a 50 MP JPEG needs ~1.1 GB). */
const MAX_MEGAPIXELS = 100;

/** Decodes JPEG or PNG bytes by their magic number (not the file extension). Throws a short reason. */
export function decodeImage(bytes: Uint8Array): RgbaImage {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 2048 });
    if (!img.width || !img.height) throw new Error('JPEG has no pixels');
    return { width: img.width, height: img.height, data: img.data };
  }
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
    return decodeImage(bytes);
  } catch (e) {
    throw new Error(`cannot decode: ${e instanceof Error ? e.message : String(e)}`);
  }
}
