import { describe, expect, it } from 'vitest';
import { centredSquare, type RgbaImage } from '../../../src/core/preprocess';
import { assessQuality, isSkinColour, laplacianVariance, meanBrightness, skinFraction, QUALITY_LIMITS } from '../../../src/core/quality';
import { lesionPixels } from '../../fixtures/generate';

const rgba = (w: number, h: number, f: (x: number, y: number) => [number, number, number]) => {
  const data = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const [r, g, b] = f(x, y);
      data.set([r, g, b, 255], (y * w + x) * 4);
    }
  return { width: w, height: h, data };
};
const kinds = (img: RgbaImage, scale = 1) => assessQuality(img, centredSquare(img.width, img.height), scale).issues.map((i) => i.kind);
const lesion = (seed = 1) => ({ width: 300, height: 300, data: lesionPixels(300, 300, seed) });

describe('quality gate', () => {
  it('passes a sharp, well-lit skin photo', () => {
    expect(assessQuality(lesion(), centredSquare(300, 300)).issues).toEqual([]);
  });
  it('flags a dark photo', () => {
    const l = lesion();
    for (let i = 0; i < l.data.length; i++) if (i % 4 !== 3) l.data[i] = (l.data[i] ?? 0) * 0.2;
    expect(kinds(l)).toContain('too-dark');
  });
  it('flags an overexposed photo with glare', () => {
    expect(kinds(rgba(200, 200, (x) => (x < 120 ? [255, 255, 255] : [220, 170, 150])))).toContain('too-bright');
  });
  it('flags a blurred photo but not a sharp one', () => {
    const smooth = rgba(300, 300, (x, y) => [150 + 40 * Math.sin(x / 60), 100 + 20 * Math.cos(y / 70), 90]);
    expect(kinds(smooth)).toContain('blurred');
    expect(laplacianVariance({ width: 3, height: 3, data: new Array(27).fill(9) })).toBe(0);
  });
  it('flags a crop that is too small in original pixels, with how to fix it', () => {
    const r = assessQuality(lesion(), { x: 100, y: 100, size: 60 }, 1);
    const issue = r.issues.find((i) => i.kind === 'too-small');
    expect(issue?.message).toContain(String(QUALITY_LIMITS.minCropPixels));
    expect(issue?.advice).toMatch(/closer/);
    // The same crop of a photo decoded at a quarter of its size stands for 240 original pixels.
    expect(assessQuality(lesion(), { x: 100, y: 100, size: 60 }, 4).issues.map((i) => i.kind)).not.toContain('too-small');
  });
  it('flags a photo that is mostly not skin (a blue sky, green grass)', () => {
    expect(kinds(rgba(200, 200, (x, y) => ((x + y) % 7 < 3 ? [60, 120, 220] : [50, 160, 60])))).toContain('not-skin');
  });
  it('measures brightness, skin colour and sharpness as documented', () => {
    expect(meanBrightness({ width: 1, height: 1, data: [255, 255, 255] })).toBeCloseTo(255);
    expect(isSkinColour(200, 150, 130)).toBe(true);
    expect(isSkinColour(90, 55, 40)).toBe(true); // a brown lesion
    expect(isSkinColour(60, 120, 220)).toBe(false);
    expect(isSkinColour(128, 128, 128)).toBe(false);
    expect(skinFraction({ width: 2, height: 1, data: [200, 150, 130, 0, 0, 255] })).toBe(0.5);
    expect(() => meanBrightness({ width: 2, height: 2, data: [1, 2, 3] })).toThrow(/shorter/);
  });
  it('gives advice for every issue', () => {
    const dark = rgba(40, 40, () => [10, 10, 40]);
    for (const i of assessQuality(dark, centredSquare(40, 40)).issues) {
      expect(i.message.length).toBeGreaterThan(10);
      expect(i.advice.length).toBeGreaterThan(10);
    }
  });
});
