/**
 * Browser decoding of a user's photo: sniff and check the bytes first (core/decode-limits), then decode with
 * createImageBitmap, honouring EXIF orientation and downscaling while decoding so a 50 MP photo never becomes a
 * 200 MB bitmap. Every failure is a DecodeError whose message is meant for the page.
 */
import { checkFile, decodeSize, MIN_SIDE, scaledDownNote, swapsAxes } from '../../core/decode-limits';
import { sniffImage } from '../../core/image-sniff';
import type { PhotoOrigin } from '../../core/photo-decision';
import type { DecodedPhoto } from '../../store/types';

/** A photo we cannot use, with a message for people. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}

let photoSeq = 0;

/** The 2D context to read pixels back from: OffscreenCanvas where there is one, else a detached <canvas>. */
function readPixels(bitmap: ImageBitmap): ImageData {
  const { width, height } = bitmap;
  const canvas: OffscreenCanvas | HTMLCanvasElement =
    typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | null;
  if (!ctx) throw new DecodeError('This browser could not give us a 2D canvas to read the photo.');
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, width, height);
}

/** Decodes a file (or a camera frame as a Blob, origin 'camera'). `name` is only ever shown as text. */
export async function decodePhoto(blob: Blob, name: string, origin: PhotoOrigin = 'file'): Promise<DecodedPhoto> {
  const bytes = new Uint8Array(await blob.slice(0, Math.min(blob.size, 4 * 1024 * 1024)).arrayBuffer());
  // Truncation is judged on the whole file; headers are in the first bytes.
  const whole = blob.size <= bytes.length ? bytes : new Uint8Array(await blob.arrayBuffer());
  const sniff = sniffImage(whole);
  const verdict = checkFile(blob.size, sniff, blob.type);
  if (!verdict.ok) throw new DecodeError(verdict.message);

  // Displayed size after EXIF orientation; createImageBitmap's resize applies to the oriented image.
  const w0 = sniff.width;
  const h0 = sniff.height;
  const [ow, oh] = w0 && h0 ? (swapsAxes(sniff.orientation) ? [h0, w0] : [w0, h0]) : [0, 0];
  let bitmap: ImageBitmap;
  try {
    const opts: ImageBitmapOptions = { imageOrientation: 'from-image', premultiplyAlpha: 'none', colorSpaceConversion: 'default' };
    if (ow && oh) {
      const t = decodeSize(ow, oh);
      if (t.scale < 1) Object.assign(opts, { resizeWidth: t.width, resizeHeight: t.height, resizeQuality: 'high' });
    }
    bitmap = await createImageBitmap(blob, opts);
  } catch {
    throw new DecodeError(
      sniff.format === 'avif' || sniff.format === 'webp'
        ? `This browser cannot decode ${sniff.format.toUpperCase()} photos. Export the photo as JPEG and try again.`
        : `This ${sniff.format.toUpperCase()} file could not be decoded; it may be damaged. Export or copy the photo again.`,
    );
  }
  // Formats whose size we could not read in the header (WebP, AVIF) are bounded now.
  if (!(ow && oh)) {
    const t = decodeSize(bitmap.width, bitmap.height);
    if (t.scale < 1) {
      const small = await createImageBitmap(bitmap, { resizeWidth: t.width, resizeHeight: t.height, resizeQuality: 'high' });
      bitmap.close();
      bitmap = small;
    }
  }
  if (Math.min(bitmap.width, bitmap.height) < MIN_SIDE && Math.min(ow || bitmap.width, oh || bitmap.height) < MIN_SIDE) {
    const msg = `This image is only ${bitmap.width} x ${bitmap.height} pixels; photos must be at least ${MIN_SIDE} x ${MIN_SIDE}.`;
    bitmap.close();
    throw new DecodeError(msg);
  }
  const data = readPixels(bitmap);
  const originalWidth = ow || bitmap.width;
  const originalHeight = oh || bitmap.height;
  const notes = [...verdict.notes];
  const scale = originalWidth / bitmap.width;
  if (scale > 1.01) notes.push(scaledDownNote(originalWidth, originalHeight, bitmap.width, bitmap.height));
  return {
    id: ++photoSeq,
    name,
    origin,
    source: bitmap,
    pixels: { width: data.width, height: data.height, data: data.data },
    scale,
    originalWidth,
    originalHeight,
    notes,
  };
}
