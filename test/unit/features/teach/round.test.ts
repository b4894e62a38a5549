import { describe, expect, it } from 'vitest';
import { aggregate, type TaxonomyNode } from '../../../../src/core/taxonomy';
import { answerChoices, drawRound, isRight, modelAnswerAt, parseTeachSet, scores } from '../../../../src/features/teach/round';

const root: TaxonomyNode = {
  id: 'all',
  name: 'All',
  description: '',
  children: [
    {
      id: 'benign',
      name: 'Benign',
      description: '',
      children: [{ id: 'b1', name: 'Benign one', description: '', children: [{ id: 'nv', name: 'Nevus', description: '' }] }],
    },
    {
      id: 'malignant',
      name: 'Malignant',
      description: '',
      children: [
        { id: 'm1', name: 'Melanocytic', description: '', children: [{ id: 'mel', name: 'Melanoma', description: '' }] },
        {
          id: 'm2',
          name: 'Epidermal',
          description: '',
          children: [
            { id: 'bcc', name: 'BCC', description: '' },
            { id: 'akiec', name: 'AKIEC', description: '' },
          ],
        },
      ],
    },
  ],
};
const labels = ['akiec', 'bcc', 'mel', 'nv'];

describe('drawRound', () => {
  it('draws n distinct cases, or all of them when there are fewer', () => {
    let s = 1;
    const rng = () => {
      s = (s * 16807) % 2147483647;
      return s / 2147483647;
    };
    const r = drawRound(106, 10, rng);
    expect(r).toHaveLength(10);
    expect(new Set(r).size).toBe(10);
    expect(r.every((i) => i >= 0 && i < 106)).toBe(true);
    expect(drawRound(3, 10, rng).sort()).toEqual([0, 1, 2]);
  });
});

describe('answerChoices', () => {
  it('offers groups of two or more diagnoses, then every diagnosis', () => {
    const ids = answerChoices(aggregate(root, labels, [0, 0, 0, 0])).map((n) => n.id);
    expect(ids).toEqual(['malignant', 'm2', 'nv', 'mel', 'bcc', 'akiec']);
  });
});

describe('scoring', () => {
  const tree = aggregate(root, labels, [0.1, 0.3, 0.2, 0.4]); // malignant 0.6, top diagnosis nv
  it('a group is right when it contains the truth', () => {
    const malignant = answerChoices(tree).find((n) => n.id === 'malignant');
    if (!malignant) throw new Error('no malignant');
    expect(isRight(malignant, 'bcc')).toBe(true);
    expect(isRight(malignant, 'nv')).toBe(false);
  });
  it("judges the model at the learner's level", () => {
    expect(modelAnswerAt(tree, 1)?.id).toBe('malignant');
    expect(modelAnswerAt(tree, 3)?.id).toBe('nv');
  });
  it('counts both scores, and the model only where it has answered', () => {
    expect(
      scores([
        { learnerRight: true, modelRight: false },
        { learnerRight: false, modelRight: true },
        { learnerRight: true, modelRight: null },
      ]),
    ).toEqual({
      answered: 3,
      learner: 2,
      model: 1,
      modelAnswered: 2,
    });
  });
});

describe('parseTeachSet', () => {
  const ok = { attribution: 'x', about: 'y', sprite: { file: 'teach.jpg', side: 224, columns: 12, bytes: 1 }, cases: [0, 5] };
  it('accepts a set whose cases are in the pack', () => {
    expect(parseTeachSet(ok, 6).cases).toEqual([0, 5]);
  });
  it('names a case outside the pack, and a malformed file', () => {
    expect(() => parseTeachSet(ok, 5)).toThrow(/names case 5, but the pack has 5/);
    expect(() => parseTeachSet({ cases: [] }, 5)).toThrow(/malformed/);
  });
});
