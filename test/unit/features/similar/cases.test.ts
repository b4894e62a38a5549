import { describe, expect, it } from 'vitest';
import { bandOf, caseText, makePack, similarCases, tileRect, type CaseIndex } from '../../../../src/features/similar/cases';

const index = (labels: string[], lesions: number[] = labels.map((_, i) => i)): CaseIndex => ({
  model: 't',
  attribution: 'HAM10000, CC BY-NC 4.0',
  source: 'test',
  sprite: { file: 'thumbs.webp', side: 10, columns: 3, bytes: 1 },
  bands: { edges: [1, 2], names: ['very similar', 'similar', 'loosely similar'], fitted_on: 'val', validation_same_diagnosis: [0.9, 0.7, 0.5] },
  cases: labels.map((label, i) => ({ id: `ISIC_${i}`, label, biopsy: i % 2 === 0, lesion: lesions[i] ?? i, p: [1, 0] })),
});
const embedding = (zs: number[][], labels: string[]) => ({ points: zs.map((z, i) => ({ x: 0, y: 0, label: labels[i], z })) });

describe('makePack', () => {
  it('accepts an index and a map that agree', () => {
    const labels = ['nv', 'mel'];
    expect(makePack(index(labels), embedding([[0], [1]], labels)).index.cases).toHaveLength(2);
  });
  it('names the problem when they disagree or are malformed', () => {
    expect(() => makePack(index(['nv']), embedding([[0], [1]], ['nv', 'mel']))).toThrow(/1 cases but the map has 2 points/);
    expect(() => makePack(index(['nv', 'bcc']), embedding([[0], [1]], ['nv', 'mel']))).toThrow(/case 1 is bcc in cases\/index.json but mel on the map/);
    expect(() => makePack({ cases: [] }, embedding([], []))).toThrow(/malformed/);
    expect(() => makePack(index([]), {})).toThrow(/no points/);
  });
});

describe('bandOf', () => {
  it('puts distances up to each edge in its band', () => {
    expect([0, 1, 1.5, 2, 2.01, 99].map((d) => bandOf(d, [1, 2]))).toEqual([0, 0, 1, 1, 2, 2]);
  });
});

describe('similarCases', () => {
  const labels = ['nv', 'mel', 'bcc', 'nv', 'mel'];
  const zs = [[0], [0.5], [1.5], [3], [4]];
  const pack = makePack(index(labels, [0, 1, 2, 3, 1]), embedding(zs, labels));

  it('returns the k nearest with their band and record, nearest first', () => {
    const r = similarCases([0], pack, 3);
    expect(r.map((c) => c.index)).toEqual([0, 1, 2]);
    expect(r.map((c) => c.band)).toEqual([0, 0, 1]);
    expect(r[1]?.record.label).toBe('mel');
  });
  it("keeps only a node's diagnoses", () => {
    expect(similarCases([0], pack, 8, { labels: ['mel'] }).map((c) => c.index)).toEqual([1, 4]);
  });
  it("leaves a teaching case's own lesion out", () => {
    expect(similarCases([0], pack, 8, { excludeLesion: 1 }).map((c) => c.index)).toEqual([0, 2, 3]);
  });
  it('describes a case with names from the taxonomy', () => {
    const [c] = similarCases([0], pack, 1);
    if (!c) throw new Error('no case');
    expect(caseText(c, pack, { nv: 'Melanocytic nevus' })).toEqual({ diagnosis: 'Melanocytic nevus', proof: 'biopsy-proven', band: 'very similar' });
  });
});

describe('tileRect', () => {
  it('walks the sprite row by row', () => {
    expect(tileRect(0, { side: 10, columns: 3 })).toEqual({ x: 0, y: 0, side: 10 });
    expect(tileRect(4, { side: 10, columns: 3 })).toEqual({ x: 10, y: 10, side: 10 });
  });
});
