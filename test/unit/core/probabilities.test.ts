import { describe, expect, it } from 'vitest';
import { argmax, nodeLossLogitGradient, softmax } from '../../../src/core/probabilities';

const loss = (z: number[], members: number[], T: number): number => {
  const p = softmax(z, T);
  return -Math.log(members.reduce((s, i) => s + (p[i] ?? 0), 0));
};

describe('softmax', () => {
  it('sums to 1 and keeps order', () => {
    const p = softmax([1, 2, 3]);
    expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(p[2]).toBeGreaterThan(p[1]!);
    expect(p[0]).toBeCloseTo(Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 12);
  });
  it('is stable for huge logits', () => {
    const p = softmax([1000, 1000, -1000]);
    expect(p[0]).toBeCloseTo(0.5, 12);
    expect(p[2]).toBe(0);
  });
  it('flattens with temperature > 1', () => {
    const a = softmax([0, 2]);
    const b = softmax([0, 2], 2);
    expect(b[1]).toBeLessThan(a[1]!);
    expect(b[1]).toBeCloseTo(softmax([0, 1])[1]!, 12);
  });
  it('rejects a non-positive temperature', () => {
    expect(() => softmax([1], 0)).toThrow(/temperature/);
    expect(() => softmax([1], Number.NaN)).toThrow(/temperature/);
  });
  it('argmax takes the first of ties', () => {
    expect(argmax([1, 3, 3])).toBe(1);
  });
});

describe('nodeLossLogitGradient', () => {
  const z = [0.3, -1.2, 2.0, 0.1, 1.4, -0.5, 0.8];
  const cases: [number[], number][] = [
    [[4], 1],
    [[0, 1, 4], 1],
    [[2, 5], 1.7],
    [[6], 0.6],
  ];
  for (const [members, T] of cases) {
    it(`matches central finite differences for members ${members.join(',')} at T=${T}`, () => {
      const g = nodeLossLogitGradient(z, members, T);
      const h = 1e-5;
      for (let i = 0; i < z.length; i++) {
        const up = [...z];
        const dn = [...z];
        up[i] = up[i]! + h;
        dn[i] = dn[i]! - h;
        const fd = (loss(up, members, T) - loss(dn, members, T)) / (2 * h);
        expect(g[i]).toBeCloseTo(fd, 4);
      }
    });
  }
  it('is zero when the node holds every label', () => {
    for (const v of nodeLossLogitGradient(z, [0, 1, 2, 3, 4, 5, 6])) expect(Math.abs(v)).toBeLessThan(1e-7);
  });
});
