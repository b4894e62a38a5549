import { describe, expect, it } from 'vitest';
import { countWord, formatPercent } from '../../../src/core/format';

describe('formatPercent', () => {
  it('writes probabilities as whole percents that never round to false certainty', () => {
    expect(formatPercent(0.123)).toBe('12%');
    expect(formatPercent(0.125)).toBe('13%');
    expect(formatPercent(0.01)).toBe('1%');
    expect(formatPercent(0.001)).toBe('<1%');
    expect(formatPercent(0.0049)).toBe('<1%');
    expect(formatPercent(0.99)).toBe('99%');
    expect(formatPercent(0.996)).toBe('>99%');
    expect(formatPercent(0.9999)).toBe('>99%');
  });

  it('reads 0 and 1 (a float32 sum of probabilities included) as 0% and 100%', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(Math.fround(0.9999999))).toBe('100%');
  });

  it('writes statistics with the decimals asked for', () => {
    expect(formatPercent(0.1234, 1)).toBe('12.3%');
    expect(formatPercent(0.996, 1)).toBe('99.6%');
    expect(formatPercent(1, 1)).toBe('100.0%');
    expect(formatPercent(0.5, 0)).toBe('50%');
  });

  it('says n/a for what is not a number', () => {
    expect(formatPercent(Number.NaN)).toBe('n/a');
    expect(formatPercent(Number.POSITIVE_INFINITY, 1)).toBe('n/a');
  });
});

describe('countWord', () => {
  it('spells counts up to twelve and writes larger ones in digits', () => {
    expect([0, 7, 8, 12, 13].map(countWord)).toEqual(['no', 'seven', 'eight', 'twelve', '13']);
  });
});
