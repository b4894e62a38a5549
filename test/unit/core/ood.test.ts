import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateMetadata } from '../../../src/core/metadata';
import { LABELS } from '../../fixtures/labels';
import { oodScore, type OodParams } from '../../../src/core/ood';

/** Features equal to the mean and z at a class mean score 0 on the PCA distances. */
function params(mid?: OodParams['mid']): OodParams {
  return {
    mean: [1, 2, 3],
    eigenvalues: [4, 1],
    classMeans: LABELS.map((_, i) => [i, -i]),
    mahalanobisThreshold: 2,
    residualThreshold: 0.5,
    borderlineFraction: 0.8,
    ...(mid ? { mid } : {}),
  };
}

describe('oodScore', () => {
  it('takes the nearest class mean and the residual outside the PCA subspace', () => {
    // z = (1, -1) is class 1's mean; the features differ from the mean by (1, 0, 1): total 2, inside 4*1 + 1*1 = 5 > 2.
    const r = oodScore([2, 2, 4], [1, -1], params());
    expect(r.mahalanobis).toBe(0);
    expect(r.residual).toBe(0);
    expect(r.mid).toBe(0);
    expect(r.inScope).toBe(true);
    // z halfway between class 0 (0, 0) and class 1 (1, -1): squared distance 0.5 over k = 2 dims.
    expect(oodScore([1, 2, 3], [0.5, -0.5], params()).mahalanobis).toBeCloseTo(0.25, 12);
  });

  it('scores the mid-layer coordinates that follow the PCA ones, and declines above their threshold', () => {
    const p = params({ layer: 'block_9', dims: 3, threshold: 3 });
    const near = oodScore([1, 2, 3], [0, 0, 1, 1, 1], p);
    expect(near.mid).toBeCloseTo(1, 12);
    expect(near.ratio).toBeCloseTo(1 / 3, 12);
    expect(near.inScope).toBe(true);
    expect(near.borderline).toBe(false);
    // Mean square 2.7 / 3 = 0.9 of the threshold: still in scope, but borderline.
    const edge = oodScore([1, 2, 3], [0, 0, Math.sqrt(2.7 * 3), 0, 0], p);
    expect(edge.inScope).toBe(true);
    expect(edge.borderline).toBe(true);
    // The same PCA coordinates with far mid-layer coordinates: declined on the mid-layer distance alone.
    const far = oodScore([1, 2, 3], [0, 0, 3, 3, 3], p);
    expect(far.mahalanobis).toBe(0);
    expect(far.mid).toBeCloseTo(9, 12);
    expect(far.ratio).toBeCloseTo(3, 12);
    expect(far.inScope).toBe(false);
  });

  it('refuses a third output whose length does not match the metadata', () => {
    expect(() => oodScore([1, 2, 3], [0, 0, 1], params())).toThrow(/2 PCA \+ 0 mid-layer/);
    expect(() => oodScore([1, 2, 3], [0, 0], params({ layer: 'x', dims: 3, threshold: 1 }))).toThrow(/2 PCA \+ 3 mid-layer/);
    expect(() => oodScore([1, 2], [0, 0], params())).toThrow(/features/);
  });

  it('declines on a photo statistic outside its range even when the features look like a lesion', () => {
    const p = { ...params(), photo: { brightness: [40, 230], contrast: [5, 80], detail: [0.2, 25], skin: [0.01, 1] } as OodParams['photo'] };
    const r = oodScore([1, 2, 3], [0, 0], p, { brightness: 250, contrast: 20, detail: 3, skin: 0.5 });
    expect(r.ratio).toBe(0);
    expect(r.photoOutOfRange).toEqual(['brightness']);
    expect(r.inScope).toBe(false);
  });
});

describe('metadata input.cropFraction', () => {
  const shipped = JSON.parse(readFileSync(new URL('../../../public/model/metadata.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  it('accepts (0, 1] and names anything else', () => {
    const withFraction = (f: unknown) => ({ ...shipped, input: { ...(shipped.input as object), cropFraction: f } });
    expect(validateMetadata(withFraction(0.8))).toEqual([]);
    expect(validateMetadata(withFraction(1))).toEqual([]);
    for (const bad of [0, 1.2, '0.8']) expect(validateMetadata(withFraction(bad))).toEqual(['input.cropFraction must be in (0, 1]']);
  });
});

describe('metadata input.colourConstancy', () => {
  const shipped = JSON.parse(readFileSync(new URL('../../../public/model/metadata.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const withCc = (cc: unknown) => ({ ...shipped, input: { ...(shipped.input as object), colourConstancy: cc } });
  it('accepts shades of grey with a positive norm, and names anything else', () => {
    expect(validateMetadata(withCc({ method: 'shades-of-grey', p: 6 }))).toEqual([]);
    const msg = ['input.colourConstancy must be {"method": "shades-of-grey", "p": a number in (0, 32]}'];
    for (const bad of [null, { method: 'grey-world', p: 1 }, { method: 'shades-of-grey', p: 0 }, { method: 'shades-of-grey' }]) {
      expect(validateMetadata(withCc(bad))).toEqual(msg);
    }
  });
});

describe('metadata ood.mid', () => {
  const shipped = JSON.parse(readFileSync(new URL('../../../public/model/metadata.json', import.meta.url), 'utf8')) as Record<string, unknown>;

  it('the shipped metadata validates', () => {
    expect(validateMetadata(shipped)).toEqual([]);
  });

  it('names labels that are not distinct codes, and class means that do not match them', () => {
    const labels = shipped.labels as string[];
    const msg = (got: unknown) => `labels must be at least two distinct diagnosis codes, got ${JSON.stringify(got)}`;
    expect(validateMetadata({ ...shipped, labels: [...labels.slice(1), labels[1]] })).toEqual([msg([...labels.slice(1), labels[1]])]);
    expect(validateMetadata({ ...shipped, labels: labels[0] })).toContain(msg(labels[0]));
    const k = (shipped.ood as { eigenvalues: number[] }).eigenvalues.length;
    expect(validateMetadata({ ...shipped, labels: [...labels, 'extra'] })).toEqual([
      `ood.classMeans must be ${labels.length + 1} lists of ${k} numbers (one per label)`,
    ]);
  });

  it('names each bad field of a mid block', () => {
    const ood = shipped.ood as Record<string, unknown>;
    const bad = { ...shipped, ood: { ...ood, mid: { layer: '', dims: 1.5, threshold: -1 } } };
    expect(validateMetadata(bad)).toEqual(['ood.mid.layer must name a layer', 'ood.mid.dims must be a positive integer', 'ood.mid.threshold must be positive']);
  });
});
