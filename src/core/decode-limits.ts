/** Limits on the photos we accept and the size we decode them at, so that memory stays bounded. */
import type { ImageSniff } from './image-sniff';

/**
 * Shortest side we accept. The model sees 160 x 160; below 64 px the crop would be upsampled more than 2.5x and the
 * result would mean little.
 */
export const MIN_SIDE = 64;
/**
 * Longest side we decode at. 2048 px gives the crop overlay and the quality checks ample detail for a 160 px model
 * input while one decoded RGBA copy stays under 2048 * 2048 * 4 = 16 MiB, whatever the camera (a 50 MP photo would
 * be 200 MiB).
 */
export const MAX_DECODE_SIDE = 2048;
/** Files above this are declined before reading them (no phone photo comes near it). */
export const MAX_FILE_BYTES = 60 * 1024 * 1024;

/** The size to decode at: the stored size, scaled down so the longest side is at most maxSide. */
export function decodeSize(width: number, height: number, maxSide = MAX_DECODE_SIDE): { width: number; height: number; scale: number } {
  if (!(width > 0 && height > 0)) throw new Error(`decodeSize: bad size ${width} x ${height}`);
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)), scale };
}

/**
 * What the page says beside a photo it scaled down while decoding, and the CLI on stderr for the same photo.
 * Sizes are as displayed (EXIF orientation applied).
 */
export function scaledDownNote(originalWidth: number, originalHeight: number, width: number, height: number): string {
  return `This ${((originalWidth * originalHeight) / 1e6).toFixed(0)}-megapixel photo was scaled down to ${width} x ${height} to save memory.`;
}

/** True when EXIF orientation swaps the displayed width and height. */
export const swapsAxes = (orientation: number | undefined): boolean => orientation !== undefined && orientation >= 5 && orientation <= 8;

/** A reason to decline a file before decoding, or a note to show beside the result. */
export type FileVerdict = { ok: false; message: string } | { ok: true; notes: string[] };

/** Checks a file's size and sniffed headers. `name` is shown as text only, never as HTML. */
export function checkFile(bytes: number, sniff: ImageSniff, mimeType: string): FileVerdict {
  if (bytes === 0) return { ok: false, message: 'This file is empty (0 bytes). Choose the photo again, or retake it.' };
  if (bytes > MAX_FILE_BYTES) return { ok: false, message: `This file is ${(bytes / 1048576).toFixed(0)} MB; the limit is ${MAX_FILE_BYTES / 1048576} MB.` };
  switch (sniff.format) {
    case 'svg':
      return { ok: false, message: 'SVG drawings are not accepted: please choose a photo (JPEG, PNG or WebP) of the skin.' };
    case 'heic':
      return {
        ok: false,
        message:
          'This is a HEIC/HEIF photo, which this browser cannot decode. On iPhone, set Camera > Formats > Most Compatible, or export it as JPEG, then try again.',
      };
    case 'unknown':
      return {
        ok: false,
        message: mimeType.startsWith('image/')
          ? `This file says it is ${mimeType} but its contents are not an image format we can read (JPEG, PNG, WebP, GIF, BMP, AVIF).`
          : 'This file is not an image. Choose a photo (JPEG, PNG or WebP) of the skin.',
      };
    default:
      break;
  }
  if (sniff.truncated)
    return {
      ok: false,
      message: `This ${sniff.format.toUpperCase()} file is truncated or corrupt (it ends before the image does). Copy or export the photo again.`,
    };
  if (sniff.width !== undefined && sniff.height !== undefined && Math.min(sniff.width, sniff.height) < MIN_SIDE) {
    return { ok: false, message: `This image is only ${sniff.width} x ${sniff.height} pixels; photos must be at least ${MIN_SIDE} x ${MIN_SIDE}.` };
  }
  const notes: string[] = [];
  if (sniff.animated) notes.push('This is an animated image; only its first frame is used.');
  if (sniff.hasAlpha) notes.push('Transparent areas were placed on white.');
  if (sniff.bitDepth === 16) notes.push('This 16-bit PNG was reduced to 8 bits per channel.');
  return { ok: true, notes };
}
