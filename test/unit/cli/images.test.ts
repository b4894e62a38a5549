/** The CLI's decoding: libjpeg-turbo-compatible JPEG pixels, EXIF orientation applied, truncated files refused. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import jpeg from 'jpeg-js';
import { collectImages, decodeImage, readImage } from '../../../cli/images';
import { decodeSize, MAX_DECODE_SIDE, scaledDownNote } from '../../../src/core/decode-limits';
import { applyOrientation } from '../../../cli/jpeg-decode';
import { encodeJpeg, encodePng, lesionPixels, withExifOrientation } from '../../fixtures/generate';

describe('CLI folder walk', () => {
  it('follows links to files and folders, reads each folder once (no loop) and reports broken links', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'skinlens-walk-'));
    const a = path.join(root, 'a');
    mkdirSync(path.join(a, 'sub'), { recursive: true });
    mkdirSync(path.join(root, 'outside'));
    for (const f of ['a/x.jpg', 'a/sub/y.png', 'a/notes.txt', 'outside/z.jpeg']) writeFileSync(path.join(root, f), 'x');
    symlinkSync(a, path.join(a, 'sub', 'loop'));
    symlinkSync(path.join(root, 'outside', 'z.jpeg'), path.join(a, 'link.jpg'));
    symlinkSync(path.join(root, 'outside'), path.join(a, 'linkdir'));
    symlinkSync(path.join(root, 'gone.jpg'), path.join(a, 'broken.jpg'));
    const got = (await collectImages([a])).map((c) => ({ ...c, file: path.relative(root, c.file) }));
    expect(got).toEqual([
      { file: 'a/broken.jpg', error: 'broken link (ENOENT)' },
      { file: 'a/link.jpg' },
      { file: 'a/linkdir/z.jpeg' },
      { file: 'a/sub/y.png' },
      { file: 'a/x.jpg' },
    ]);
  });
});

describe('CLI image decoding', () => {
  it('decodes a JPEG close to jpeg-js (same image, libjpeg rounding) and a PNG exactly', async () => {
    const px = lesionPixels(120, 90, 3);
    const jpg = encodeJpeg(px, 120, 90);
    const img = await decodeImage(jpg);
    const ref = jpeg.decode(jpg, { useTArray: true, formatAsRGBA: true });
    expect([img.width, img.height]).toEqual([120, 90]);
    let maxDiff = 0;
    for (let i = 0; i < ref.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs((img.data[i] ?? 0) - (ref.data[i] ?? 0)));
    expect(maxDiff).toBeLessThanOrEqual(8);
    const png = await decodeImage(encodePng(px, 120, 90));
    expect(Array.from(png.data)).toEqual(Array.from(px));
  });

  it('applies EXIF orientation like the browser (6: turned clockwise, width and height swapped)', async () => {
    const img = await decodeImage(withExifOrientation(encodeJpeg(lesionPixels(120, 60, 4), 120, 60), 6));
    expect([img.width, img.height]).toEqual([60, 120]);
    // Every orientation maps the corners where EXIF says.
    const src = { width: 3, height: 2, data: new Uint8Array(Array.from({ length: 6 }, (_, i) => [i, 0, 0, 255]).flat()) };
    const corners = (o: number): number[] => {
      const r = applyOrientation(src, o);
      return [0, r.width - 1, (r.height - 1) * r.width, r.width * r.height - 1].map((p) => r.data[p * 4] as number);
    };
    // Source: 0 1 2 / 3 4 5. Corners listed top-left, top-right, bottom-left, bottom-right.
    expect(corners(1)).toEqual([0, 2, 3, 5]);
    expect(corners(2)).toEqual([2, 0, 5, 3]);
    expect(corners(3)).toEqual([5, 3, 2, 0]);
    expect(corners(4)).toEqual([3, 5, 0, 2]);
    expect(corners(5)).toEqual([0, 3, 2, 5]);
    expect(corners(6)).toEqual([3, 0, 5, 2]);
    expect(corners(7)).toEqual([5, 2, 3, 0]);
    expect(corners(8)).toEqual([2, 5, 0, 3]);
  });

  it("scales photos over the page's decode limit down as the page does, with the page's note", async () => {
    // A PNG wider than MAX_DECODE_SIDE: scaled while decoding, to the page's size.
    const wide = await decodeImage(encodePng(lesionPixels(4200, 300, 8, 2), 4200, 300));
    const size = decodeSize(4200, 300);
    expect([wide.width, wide.height]).toEqual([MAX_DECODE_SIDE, size.height]);
    expect(wide.notes).toEqual([scaledDownNote(4200, 300, size.width, size.height)]);
    expect(wide.notes[0]).toBe(`This 1-megapixel photo was scaled down to 2048 x ${size.height} to save memory.`);
    // A JPEG turned by EXIF orientation: scaled, then turned; the note gives the size as shown.
    const jpg = withExifOrientation(encodeJpeg(lesionPixels(3000, 1000, 9, 4), 3000, 1000, 70), 6);
    const turned = await decodeImage(jpg);
    expect([turned.width, turned.height]).toEqual([683, 2048]);
    expect(turned.notes).toEqual(['This 3-megapixel photo was scaled down to 683 x 2048 to save memory.']);
    // Within the limit: as stored, no note.
    expect((await decodeImage(encodePng(lesionPixels(120, 90, 3), 120, 90))).notes).toEqual([]);
  });

  it('says "empty file" for 0 bytes', async () => {
    await expect(decodeImage(new Uint8Array(0))).rejects.toThrow(/^empty file \(0 bytes\)$/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'skinlens-empty-'));
    writeFileSync(path.join(dir, 'empty.jpg'), '');
    await expect(readImage(path.join(dir, 'empty.jpg'))).rejects.toThrow(/^empty file \(0 bytes\)$/);
  });

  it('refuses truncated and non-image bytes with a short reason, and keeps working after', async () => {
    const jpg = encodeJpeg(lesionPixels(100, 100, 5), 100, 100);
    await expect(decodeImage(jpg.subarray(0, Math.floor(jpg.length * 0.6)))).rejects.toThrow(/truncated/);
    await expect(decodeImage(Buffer.from('%PDF-1.4 not an image'))).rejects.toThrow(/not a JPEG or PNG/);
    const bad = Buffer.from(jpg);
    bad.fill(0x00, 2, 200); // headers gone, still starts like a JPEG
    await expect(decodeImage(bad)).rejects.toThrow();
    expect((await decodeImage(jpg)).width).toBe(100);
  });
});
