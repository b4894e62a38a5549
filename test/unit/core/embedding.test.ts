import { describe, expect, it } from 'vitest';
import { countLabels, nearestPoints, placeAmongNeighbours, type EmbeddingPoint } from '../../../src/core/embedding';

const pts: EmbeddingPoint[] = [
  { x: 0, y: 0, label: 'nv', z: [0, 0] },
  { x: 10, y: 0, label: 'nv', z: [1, 0] },
  { x: 0, y: 10, label: 'mel', z: [0, 2] },
  { x: 100, y: 100, label: 'bcc', z: [10, 10] },
];

describe('placeAmongNeighbours', () => {
  it('finds the k nearest in z space, nearest first, and averages their map positions', () => {
    const r = placeAmongNeighbours([0.1, 0], pts, 2);
    expect(r.neighbours.map((n) => n.index)).toEqual([0, 1]);
    expect(r.neighbours[0]?.distance).toBeCloseTo(0.1);
    expect(r.neighbours[1]?.label).toBe('nv');
    expect(r.x).toBe(5);
    expect(r.y).toBe(0);
  });
  it('uses every point when k exceeds the number of points (default k = 10)', () => {
    const r = placeAmongNeighbours([0, 0], pts);
    expect(r.neighbours).toHaveLength(4);
    expect(r.x).toBeCloseTo(110 / 4);
  });
  it('rejects mismatched lengths with a clear message', () => {
    expect(() => placeAmongNeighbours([0, 0, 0], pts)).toThrow(/point 0 has 2 z coordinates but the photo has 3/);
  });
  it('rejects bad input', () => {
    expect(() => placeAmongNeighbours([0, 0], [])).toThrow(/no points/);
    expect(() => placeAmongNeighbours([], pts)).toThrow(/z is empty/);
    expect(() => placeAmongNeighbours([NaN, 0], pts)).toThrow(/non-finite/);
    expect(() => placeAmongNeighbours([0, 0], pts, 0)).toThrow(/k must be/);
  });
});

describe('countLabels', () => {
  it('counts, most common first, ties by nearness', () => {
    expect(
      countLabels([
        { index: 0, distance: 0, label: 'mel' },
        { index: 1, distance: 1, label: 'nv' },
        { index: 2, distance: 2, label: 'nv' },
        { index: 3, distance: 3, label: 'bcc' },
      ]),
    ).toEqual([
      { label: 'nv', count: 2 },
      { label: 'mel', count: 1 },
      { label: 'bcc', count: 1 },
    ]);
  });
});

describe('nearestPoints', () => {
  it('keeps only the candidates the filter allows, nearest first', () => {
    expect(nearestPoints([0, 0], pts, 2).map((n) => n.index)).toEqual([0, 1]);
    expect(nearestPoints([0, 0], pts, 2, (i) => pts[i]?.label !== 'nv').map((n) => n.index)).toEqual([2, 3]);
  });
  it('breaks distance ties by index and returns fewer when few are allowed', () => {
    const tie: EmbeddingPoint[] = [
      { x: 0, y: 0, label: 'a', z: [1] },
      { x: 0, y: 0, label: 'b', z: [-1] },
    ];
    expect(nearestPoints([0], tie, 2).map((n) => n.index)).toEqual([0, 1]);
    expect(nearestPoints([0], tie, 5, (i) => i === 1)).toHaveLength(1);
  });
  it('still checks every point against the photo even when it is filtered out', () => {
    expect(() => nearestPoints([0, 0, 0], pts, 1, () => false)).toThrow(/point 0 has 2 z coordinates/);
  });
});
