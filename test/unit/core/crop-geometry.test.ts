import { describe, expect, it } from 'vitest';
import { dragCrop, keyCrop, MIN_CROP, resizeAboutCentre } from '../../../src/core/crop-geometry';

const W = 400;
const H = 300;
const start = { x: 50, y: 0, size: 300 };

describe('crop geometry', () => {
  it('moves the square and keeps it inside the image', () => {
    expect(dragCrop(start, 'move', 20, 0, W, H)).toEqual({ x: 70, y: 0, size: 300 });
    expect(dragCrop(start, 'move', 500, 500, W, H)).toEqual({ x: 100, y: 0, size: 300 });
    expect(dragCrop(start, 'move', -500, -5, W, H)).toEqual({ x: 0, y: 0, size: 300 });
  });
  it('resizes from a corner keeping the opposite corner fixed and the crop square', () => {
    const c = dragCrop(start, 'se', -100, -40, W, H);
    expect(c).toEqual({ x: 50, y: 0, size: 200 });
    const nw = dragCrop({ x: 100, y: 100, size: 100 }, 'nw', -30, -10, W, H);
    expect(nw).toEqual({ x: 70, y: 70, size: 130 });
    // Cannot grow past the image edge nor shrink below the minimum.
    expect(dragCrop({ x: 100, y: 100, size: 100 }, 'se', 1000, 0, W, H)).toEqual({ x: 100, y: 100, size: 200 });
    expect(dragCrop({ x: 100, y: 100, size: 100 }, 'ne', -1000, 0, W, H).size).toBe(MIN_CROP);
  });
  it('responds to arrows and +/- and ignores other keys', () => {
    const c = { x: 100, y: 100, size: 100 };
    expect(keyCrop(c, 'ArrowRight', false, W, H)).toEqual({ x: 103, y: 100, size: 100 });
    expect(keyCrop(c, 'ArrowUp', true, W, H)).toEqual({ x: 100, y: 70, size: 100 });
    expect(keyCrop(c, '+', false, W, H)).toEqual({ x: 97, y: 97, size: 106 });
    expect(keyCrop(c, '-', true, W, H)).toEqual({ x: 130, y: 130, size: 40 });
    expect(keyCrop(c, 'a', false, W, H)).toBeNull();
  });
  it('resizes about the centre within bounds', () => {
    expect(resizeAboutCentre({ x: 0, y: 0, size: 100 }, 1000, W, H)).toEqual({ x: 0, y: 0, size: 300 });
  });
});
