import { describe, expect, it } from 'vitest';
import { nearestDot, type PlacedPoint, stepDot } from '../../../../src/features/map/layout';

const dot = (index: number, cx: number, cy: number): PlacedPoint => ({ index, cx, cy, label: 'nv' });
//   0 . 1
//   . 2 .
//   3 . 4     (5 far right, a little low)
const dots = [dot(0, 0, 0), dot(1, 20, 0), dot(2, 10, 10), dot(3, 0, 20), dot(4, 20, 20), dot(5, 60, 25)];

describe('nearestDot', () => {
  it('finds the dot under or beside a tap, within reach only', () => {
    expect(nearestDot(dots, 11, 9, 12)?.index).toBe(2);
    expect(nearestDot(dots, 19, 1, 12)?.index).toBe(1);
    expect(nearestDot(dots, 40, 40, 12)).toBeNull();
    expect(nearestDot(dots, 30, 30, Number.POSITIVE_INFINITY)?.index).toBe(4);
    expect(nearestDot([], 0, 0, 100)).toBeNull();
  });
});

describe('stepDot', () => {
  const from = (i: number) => dots[i]!;
  it('moves to the nearest dot in the arrow direction, screen up being up', () => {
    expect(stepDot(dots, from(2), 'left').index).toBe(0);
    expect(stepDot(dots, from(2), 'right').index).toBe(1);
    expect(stepDot(dots, from(2), 'down').index).toBe(3);
    expect(stepDot(dots, from(2), 'up').index).toBe(0);
    expect(stepDot(dots, from(0), 'right').index).toBe(1);
    expect(stepDot(dots, from(4), 'right').index).toBe(5);
  });
  it('ignores dots more than 45 degrees off the arrow, and stays put at the edge', () => {
    // From 1, straight down is 4; 2 and 3 are down-left but more sideways than down.
    expect(stepDot(dots, from(1), 'down').index).toBe(4);
    expect(stepDot(dots, from(5), 'right').index).toBe(5);
    expect(stepDot(dots, from(0), 'up').index).toBe(0);
    expect(stepDot([from(0)], from(0), 'left').index).toBe(0);
  });
});
