import { describe, expect, it } from 'vitest';
import { firstReveal, needsScroll } from '../../../../src/features/results/bringIntoView';

describe('needsScroll', () => {
  it('scrolls to a result that starts below the screen (a phone) or above it', () => {
    expect(needsScroll(1153, 2000, 844)).toBe(true);
    expect(needsScroll(-40, 2000, 844)).toBe(true);
  });
  it('leaves a result alone when its start is comfortably on screen (a desktop column)', () => {
    expect(needsScroll(300, 2000, 900)).toBe(false);
    expect(needsScroll(0, 100, 844)).toBe(false);
  });
  it('scrolls when too little of a tall result shows at the bottom of the screen', () => {
    // 844 * 0.6 = 506 px of the result must fit below its top.
    expect(needsScroll(400, 2000, 844)).toBe(true);
    expect(needsScroll(330, 2000, 844)).toBe(false);
    // A short box only needs its own height.
    expect(needsScroll(700, 100, 844)).toBe(false);
  });
  it('does nothing with unusable numbers', () => {
    expect(needsScroll(Number.NaN, 100, 844)).toBe(false);
    expect(needsScroll(1000, 100, 0)).toBe(false);
  });
});

describe('firstReveal', () => {
  it("is true for a photo's first outcome and when its held-back result is shown, not for new crops or answers", () => {
    const a = {};
    const b = {};
    expect(firstReveal(a, 'result')).toBe(true);
    // A new crop of the same photo.
    expect(firstReveal(a, 'result')).toBe(false);
    expect(firstReveal(b, 'held')).toBe(true);
    // The person changes how they say photo a was taken: its result is held back, then shown again.
    expect(firstReveal(a, 'held')).toBe(false);
    expect(firstReveal(a, 'result')).toBe(false);
    // "Show the model's guess anyway": brought into view once.
    expect(firstReveal(b, 'shown')).toBe(true);
    expect(firstReveal(b, 'shown')).toBe(false);
  });
});
