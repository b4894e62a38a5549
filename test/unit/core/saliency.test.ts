import { describe, expect, it } from 'vitest';
import { VIRIDIS_LUT, colourMap, colourMapGradient, normaliseSaliency, quantile, toRgba } from '../../../src/core/saliency';

describe('colourMap', () => {
  it('has 256 RGB entries and runs from viridis purple to yellow', () => {
    expect(VIRIDIS_LUT.length).toBe(256 * 3);
    expect(colourMap(0)).toEqual([0x44, 0x01, 0x54]);
    expect(colourMap(1)).toEqual([0xfd, 0xe7, 0x25]);
  });
  it('gets brighter monotonically (readable in greyscale)', () => {
    const lum = (t: number) => {
      const [r, g, b] = colourMap(t);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let i = 1; i <= 255; i++) expect(lum(i / 255)).toBeGreaterThanOrEqual(lum((i - 1) / 255) - 1e-9);
  });
  it('clamps out-of-range and NaN input', () => {
    expect(colourMap(-3)).toEqual(colourMap(0));
    expect(colourMap(7)).toEqual(colourMap(1));
    expect(colourMap(Number.NaN)).toEqual(colourMap(0));
  });
  it('makes a CSS gradient', () => {
    expect(colourMapGradient(3)).toMatch(/^linear-gradient\(to right, rgb\(68, 1, 84\) 0%, .* 100%\)$/);
  });
});

describe('normaliseSaliency', () => {
  it('scales to 0..1 and clips outliers at the 99th percentile', () => {
    const v = new Float32Array(1000);
    for (let i = 0; i < 1000; i++) v[i] = i / 999;
    v[999] = 1e6; // one huge outlier must not flatten the rest
    const n = normaliseSaliency(v);
    expect(Math.max(...n)).toBe(1);
    expect(Math.min(...n)).toBe(0);
    expect(n[500]).toBeGreaterThan(0.45);
    expect(n[500]).toBeLessThan(0.55);
  });
  it('gives zeros, not NaN, for all-zero or all-NaN maps', () => {
    expect([...normaliseSaliency(new Float32Array(16))]).toEqual(new Array(16).fill(0));
    expect([...normaliseSaliency([NaN, NaN, NaN])]).toEqual([0, 0, 0]);
    expect(normaliseSaliency([])).toHaveLength(0);
  });
  it('treats NaN, Infinity and negatives as no influence', () => {
    const n = normaliseSaliency([NaN, -5, Infinity, 2, 4]);
    expect(n[0]).toBe(0);
    expect(n[1]).toBe(0);
    expect(n[2]).toBe(0);
    expect(n[4]).toBe(1);
  });
  it('falls back to the maximum when fewer than 1% of pixels are non-zero', () => {
    const v = new Float32Array(10000);
    v[0] = 3;
    expect(normaliseSaliency(v)[0]).toBe(1);
  });
});

describe('quantile', () => {
  it('interpolates', () => {
    expect(quantile([0, 10], 0.5)).toBe(5);
    expect(quantile([], 0.5)).toBe(0);
  });
});

describe('toRgba', () => {
  it('writes colour and alpha = value * opacity', () => {
    const px = toRgba([0, 0.5, 1, 1], 2, 0.5);
    expect(px).toBeInstanceOf(Uint8ClampedArray);
    expect(px.length).toBe(16);
    expect(px[3]).toBe(0);
    expect(px[7]).toBe(Math.round(0.25 * 255));
    expect(px[11]).toBe(Math.round(0.5 * 255));
    expect([px[8], px[9], px[10]]).toEqual(colourMap(1));
  });
  it('rejects a wrong number of values or a bad size', () => {
    expect(() => toRgba([1, 2, 3], 2, 1)).toThrow(/expected 4 values/);
    expect(() => toRgba([], 0, 1)).toThrow(/positive integer/);
  });
  it('clamps opacity and values', () => {
    const px = toRgba([5, NaN, -1, 0.5], 2, 2);
    expect(px[3]).toBe(255);
    expect(px[7]).toBe(0);
    expect(px[11]).toBe(0);
    expect(px[15]).toBe(128);
    expect(toRgba([1], 1, Number.NaN)[3]).toBe(0);
  });
});
