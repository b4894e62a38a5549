/**
 * Reads what a file is from its first bytes and headers, before any decoder sees it, so that each bad input gets
 * its own message (a renamed PDF, a zero-byte file, a truncated JPEG, an SVG, an animated GIF, a HEIC photo).
 */

/** Image formats we can tell apart by signature. */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif' | 'heic' | 'svg' | 'unknown';

/** What the headers say about a file. Dimensions are as stored, before EXIF orientation. */
export interface ImageSniff {
  format: ImageFormat;
  width?: number;
  height?: number;
  /** EXIF orientation 1-8 (JPEG only); 5-8 swap width and height when displayed. */
  orientation?: number;
  /** Bits per channel (PNG). */
  bitDepth?: number;
  /** The file declares an alpha channel (PNG colour type 4 or 6, or a tRNS chunk). */
  hasAlpha?: boolean;
  /** More than one frame (GIF, APNG). */
  animated?: boolean;
  /** The file ends before its image data does (JPEG without EOI, PNG without IEND, GIF without trailer). */
  truncated?: boolean;
}

const u16be = (b: Uint8Array, o: number): number => ((b[o] ?? 0) << 8) | (b[o + 1] ?? 0);
const u16le = (b: Uint8Array, o: number): number => (b[o] ?? 0) | ((b[o + 1] ?? 0) << 8);
const u32be = (b: Uint8Array, o: number): number => (((b[o] ?? 0) << 24) >>> 0) + (u16be(b, o + 1) << 8) + (b[o + 3] ?? 0);
const ascii = (b: Uint8Array, o: number, n: number): string => String.fromCharCode(...b.subarray(o, o + n));

/** Identifies the format and reads the header fields that matter. Never throws. */
export function sniffImage(b: Uint8Array): ImageSniff {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return sniffJpeg(b);
  if (b.length >= 8 && ascii(b, 0, 8) === '\x89PNG\r\n\x1a\n') return sniffPng(b);
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return sniffGif(b);
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { format: 'webp' };
  if (b.length >= 26 && ascii(b, 0, 2) === 'BM') return { format: 'bmp', width: u16le(b, 18), height: Math.abs(u16le(b, 22)) };
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') {
    const brands = ascii(b, 8, Math.min(b.length - 8, 32));
    if (/avif|avis/.test(brands)) return { format: 'avif' };
    if (/hei[cxms]|hev[cx]|mif1|msf1/.test(brands)) return { format: 'heic' };
  }
  // Byte by byte, not TextDecoder (core has no host APIs): the markup tested below is ASCII, and a UTF-8 BOM is its bytes.
  const head = ascii(b, 0, Math.min(b.length, 1024))
    .replace(/^\u00EF\u00BB\u00BF/, '')
    .trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) return { format: 'svg' };
  return { format: 'unknown' };
}

function sniffPng(b: Uint8Array): ImageSniff {
  const s: ImageSniff = { format: 'png', truncated: true };
  let o = 8;
  while (o + 8 <= b.length) {
    const len = u32be(b, o);
    const type = ascii(b, o + 4, 4);
    if (type === 'IHDR' && o + 21 <= b.length) {
      s.width = u32be(b, o + 8);
      s.height = u32be(b, o + 12);
      s.bitDepth = b[o + 16];
      const colourType = b[o + 17];
      s.hasAlpha = colourType === 4 || colourType === 6;
    } else if (type === 'tRNS') s.hasAlpha = true;
    else if (type === 'acTL') s.animated = u32be(b, o + 8) > 1;
    else if (type === 'IEND') {
      s.truncated = false;
      break;
    }
    o += 12 + len;
  }
  return s;
}

function sniffGif(b: Uint8Array): ImageSniff {
  const s: ImageSniff = { format: 'gif', width: u16le(b, 6), height: u16le(b, 8), truncated: true };
  let o = 13;
  const flags = b[10] ?? 0;
  if (flags & 0x80) o += 3 * (1 << ((flags & 7) + 1));
  let frames = 0;
  const skipBlocks = (): void => {
    while (o < b.length) {
      const n = b[o] ?? 0;
      o += 1 + n;
      if (n === 0) return;
    }
  };
  while (o < b.length) {
    const t = b[o];
    if (t === 0x3b) {
      s.truncated = false;
      break;
    } else if (t === 0x21) {
      o += 2;
      skipBlocks();
    } else if (t === 0x2c) {
      frames++;
      const f = b[o + 9] ?? 0;
      o += 10;
      if (f & 0x80) o += 3 * (1 << ((f & 7) + 1));
      o += 1; // LZW minimum code size
      skipBlocks();
    } else break;
  }
  s.animated = frames > 1;
  return s;
}

function exifOrientation(b: Uint8Array, start: number, end: number): number | undefined {
  if (ascii(b, start, 6) !== 'Exif\0\0') return undefined;
  const t = start + 6;
  const le = ascii(b, t, 2) === 'II';
  const r16 = (o: number): number => (le ? u16le(b, o) : u16be(b, o));
  const r32 = (o: number): number => (le ? u16le(b, o) + u16le(b, o + 2) * 65536 : u32be(b, o));
  const ifd = t + r32(t + 4);
  if (ifd + 2 > end) return undefined;
  const n = r16(ifd);
  for (let i = 0; i < n; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > end) break;
    if (r16(e) === 0x0112) {
      const v = r16(e + 8);
      return v >= 1 && v <= 8 ? v : undefined;
    }
  }
  return undefined;
}

/** Walks the JPEG marker segments; entropy-coded data is scanned for the next marker (0xFF not followed by 0x00 or RSTn). */
function sniffJpeg(b: Uint8Array): ImageSniff {
  const s: ImageSniff = { format: 'jpeg', truncated: true };
  let o = 2;
  let scans = 0;
  while (o + 2 <= b.length) {
    if (b[o] !== 0xff) return s; // corrupt: a segment must start with a marker
    const m = b[o + 1] ?? 0;
    if (m === 0xff) {
      o++;
      continue;
    }
    if (m === 0xd9) {
      s.truncated = scans === 0;
      return s;
    }
    if (m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      o += 2;
      continue;
    }
    if (o + 4 > b.length) return s;
    const len = u16be(b, o + 2);
    const segEnd = o + 2 + len;
    if (m === 0xe1 && s.orientation === undefined) s.orientation = exifOrientation(b, o + 4, Math.min(segEnd, b.length));
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc && o + 9 <= b.length) {
      s.height = u16be(b, o + 5);
      s.width = u16be(b, o + 7);
    }
    o = segEnd;
    if (m === 0xda) {
      scans++;
      while (o + 1 < b.length) {
        if (b[o] === 0xff) {
          const n = b[o + 1] ?? 0;
          if (n !== 0 && !(n >= 0xd0 && n <= 0xd7)) break;
        }
        o++;
      }
      if (o + 1 >= b.length) return s;
    }
  }
  return s;
}
