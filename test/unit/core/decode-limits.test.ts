import { describe, expect, it } from 'vitest';
import { checkFile, decodeSize, MAX_DECODE_SIDE, MIN_SIDE, swapsAxes } from '../../../src/core/decode-limits';
import { sniffImage } from '../../../src/core/image-sniff';
import { FIXTURES, encodeJpeg, encodePng, lesionPixels, withExifOrientation } from '../../fixtures/generate';

const sniff = (name: string) => sniffImage(new Uint8Array(FIXTURES[name]!()));
const verdict = (name: string, mime = 'image/jpeg') => {
  const b = FIXTURES[name]!();
  return checkFile(b.length, sniffImage(new Uint8Array(b)), mime);
};

describe('sniffImage', () => {
  it('reads JPEG size, completeness and EXIF orientation', () => {
    const j = encodeJpeg(lesionPixels(120, 80), 120, 80);
    expect(sniffImage(new Uint8Array(j))).toMatchObject({ format: 'jpeg', width: 120, height: 80, truncated: false });
    expect(sniffImage(new Uint8Array(withExifOrientation(j, 6)))).toMatchObject({ width: 120, height: 80, orientation: 6, truncated: false });
    expect(sniffImage(new Uint8Array(j.subarray(0, j.length - 300))).truncated).toBe(true);
  });
  it('reads PNG depth and alpha and notices a missing end', () => {
    expect(sniff('lesion-16bit.png')).toMatchObject({ format: 'png', bitDepth: 16, hasAlpha: false, truncated: false });
    expect(sniff('lesion-alpha.png')).toMatchObject({ format: 'png', bitDepth: 8, hasAlpha: true, width: 300 });
    const p = encodePng(lesionPixels(80, 80), 80, 80);
    expect(sniffImage(new Uint8Array(p.subarray(0, p.length - 12))).truncated).toBe(true);
  });
  it('counts GIF frames', () => {
    expect(sniff('lesion-animated.gif')).toMatchObject({ format: 'gif', animated: true, truncated: false, width: 96 });
  });
  it('recognises SVG, HEIC and non-images', () => {
    expect(sniff('drawing.svg').format).toBe('svg');
    expect(sniffImage(new TextEncoder().encode('<?xml version="1.0"?>\n<!-- x -->\n<svg>')).format).toBe('svg');
    expect(sniff('photo.heic').format).toBe('heic');
    expect(sniff('not-an-image.jpg').format).toBe('unknown');
    expect(sniffImage(new Uint8Array(0)).format).toBe('unknown');
    expect(sniffImage(new Uint8Array([0xff, 0xd8, 0xff])).truncated).toBe(true);
  });
});

describe('checkFile', () => {
  it('declines each bad input with its own message', () => {
    const msg = (v: ReturnType<typeof checkFile>) => (v.ok ? '' : v.message);
    expect(msg(verdict('zero-bytes.jpg'))).toMatch(/empty/);
    expect(msg(verdict('not-an-image.jpg', 'application/pdf'))).toMatch(/not an image/);
    expect(msg(verdict('not-an-image.jpg', 'image/jpeg'))).toMatch(/says it is image\/jpeg/);
    expect(msg(verdict('truncated.jpg'))).toMatch(/truncated or corrupt/);
    expect(msg(verdict('drawing.svg', 'image/svg+xml'))).toMatch(/SVG/);
    expect(msg(verdict('photo.heic', 'image/heic'))).toMatch(/HEIC/);
    expect(msg(verdict('tiny-1x1.png', 'image/png'))).toMatch(new RegExp(`at least ${MIN_SIDE} x ${MIN_SIDE}`));
  });
  it('accepts the odd-but-fine inputs with a note', () => {
    expect(verdict('lesion-animated.gif', 'image/gif')).toEqual({ ok: true, notes: [expect.stringMatching(/first frame/)] });
    expect(verdict('lesion-alpha.png', 'image/png')).toEqual({ ok: true, notes: [expect.stringMatching(/white/)] });
    expect(verdict('lesion-16bit.png', 'image/png')).toEqual({ ok: true, notes: [expect.stringMatching(/16-bit/)] });
    expect(verdict('lesion.jpg')).toEqual({ ok: true, notes: [] });
  });
});

describe('decodeSize', () => {
  it('keeps small photos and bounds 50 megapixels', () => {
    expect(decodeSize(600, 450)).toEqual({ width: 600, height: 450, scale: 1 });
    const d = decodeSize(8660, 5774);
    expect(d.width).toBe(MAX_DECODE_SIDE);
    expect(d.height).toBe(Math.round(5774 * (MAX_DECODE_SIDE / 8660)));
    expect(d.width * d.height * 4).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(() => decodeSize(0, 10)).toThrow();
  });
  it('knows which EXIF orientations swap axes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, undefined].map(swapsAxes)).toEqual([false, false, false, false, true, true, true, true, false]);
  });
});
