import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateMetadata } from '../../../src/core/metadata';
import { oodScore, type OodParams, type OodResult } from '../../../src/core/ood';
import {
  decideKind,
  EXTRA_SIGNALS,
  photoKind,
  photoKindProbabilities,
  photoKindSignals,
  validatePhotoKind,
  type PhotoKindParams,
} from '../../../src/core/photo-kind';
import type { PhotoStats } from '../../../src/core/photo-stats';
import { describePythonCheck } from '../training/python-check';

/** The seeded case training/checks/photo_kind.py wrote, with its values from the formulas written out one by one. */
const ref = JSON.parse(readFileSync(new URL('../../fixtures/photo-kind-reference.json', import.meta.url), 'utf8')) as {
  ood: Pick<OodParams, 'mean' | 'eigenvalues' | 'classMeans'>;
  params: Omit<PhotoKindParams, 'kinds' | 'signals'>;
  photos: { z: number[]; features: number[]; stats: [number, number, number, number] }[];
  expected: { mahalanobis: number; residual: number; mid: number; signals: number[]; probabilities: number[]; kind: string }[];
};
const k = ref.ood.eigenvalues.length;
const m = (ref.photos[0]?.z.length ?? 0) - k;
const refParams: PhotoKindParams = { ...ref.params, kinds: ['dermoscopic', 'clinical', 'other'], signals: { pca: k, mid: m, extra: [] } };
const refOod: OodParams = {
  ...ref.ood,
  mahalanobisThreshold: 1e9,
  residualThreshold: 1e9,
  borderlineFraction: 0.8,
  mid: { layer: 'x', dims: m, threshold: 1e9 },
};
const statsOf = ([brightness, contrast, detail, skin]: number[]): PhotoStats => ({
  brightness: brightness!,
  contrast: contrast!,
  detail: detail!,
  skin: skin!,
});

describe('photo kind: the same numbers as the Python fit', () => {
  it('computes the distances, signals, probabilities and kind of each reference photo', () => {
    expect(new Set(ref.expected.map((e) => e.kind))).toEqual(new Set(['dermoscopic', 'clinical', 'other']));
    ref.photos.forEach((ph, i) => {
      const want = ref.expected[i]!;
      const ood = oodScore(ph.features, ph.z, refOod);
      expect(ood.mahalanobis).toBeCloseTo(want.mahalanobis, 9);
      expect(ood.residual).toBeCloseTo(want.residual, 9);
      expect(ood.mid).toBeCloseTo(want.mid, 9);
      const s = photoKindSignals(ph.z, ood, statsOf(ph.stats));
      expect(s).toHaveLength(k + m + EXTRA_SIGNALS);
      s.forEach((v, j) => expect(v).toBeCloseTo(want.signals[j]!, 9));
      const r = photoKind(ph.z, ood, statsOf(ph.stats), refParams);
      expect(r.kind).toBe(want.kind);
      expect(
        [r.probabilities!.dermoscopic, r.probabilities!.clinical, r.probabilities!.other]
          .map((p, j) => p - want.probabilities[j]!)
          .every((d) => Math.abs(d) < 1e-9),
      ).toBe(true);
    });
  });
});

describe('photo kind: decision rule', () => {
  it('is dermoscopic at the threshold and above, else the more probable of other and clinical (ties: other)', () => {
    expect(decideKind({ dermoscopic: 0.3, clinical: 0.6, other: 0.1 }, 0.3)).toBe('dermoscopic');
    expect(decideKind({ dermoscopic: 0.29, clinical: 0.6, other: 0.11 }, 0.3)).toBe('clinical');
    expect(decideKind({ dermoscopic: 0.29, clinical: 0.3, other: 0.41 }, 0.3)).toBe('other');
    expect(decideKind({ dermoscopic: 0.2, clinical: 0.4, other: 0.4 }, 0.3)).toBe('other');
  });

  it('softmax of the standardised linear scores: one weight picks one signal', () => {
    const p: PhotoKindParams = {
      kinds: ['dermoscopic', 'clinical', 'other'],
      signals: { pca: 0, mid: 0, extra: [] },
      mean: [0, 0, 0, 0, 0, 0, 1],
      scale: [1, 1, 1, 1, 1, 1, 0.5],
      weights: [
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, -1],
      ],
      bias: [0, 0, 0],
      dermoscopicThreshold: 0.5,
    };
    // Signal 7 (skin fraction) 1.5 standardises to (1.5 - 1) / 0.5 = 1: scores (1, 0, -1).
    const pr = photoKindProbabilities([0, 0, 0, 0, 0, 0, 1.5], p);
    const z = Math.E + 1 + 1 / Math.E;
    expect(pr.dermoscopic).toBeCloseTo(Math.E / z, 12);
    expect(pr.clinical).toBeCloseTo(1 / z, 12);
    expect(pr.other).toBeCloseTo(1 / Math.E / z, 12);
    expect(() => photoKindProbabilities([1, 2], p)).toThrow(/2 signals, metadata has 7/);
  });

  it('without fitted parameters, falls back to the distance test: in scope is dermoscopic, else other', () => {
    const stats = statsOf([120, 40, 3, 0.9]);
    const ood = (inScope: boolean): OodResult => ({
      mahalanobis: 1,
      residual: 1,
      mid: 1,
      ratio: inScope ? 0.5 : 2,
      inScope,
      borderline: false,
      photoOutOfRange: [],
    });
    expect(photoKind([], ood(true), stats, undefined)).toEqual({ kind: 'dermoscopic', probabilities: null });
    expect(photoKind([], ood(false), stats, undefined)).toEqual({ kind: 'other', probabilities: null });
  });

  it('keeps logs finite for zero distances and zero detail', () => {
    const s = photoKindSignals([0], { mahalanobis: 0, residual: 0, mid: 0 }, statsOf([0, 0, 0, 0]));
    expect(s.every(Number.isFinite)).toBe(true);
  });
});

describe('photo kind: metadata validation', () => {
  it('accepts the reference parameters and names each problem', () => {
    expect(validatePhotoKind(refParams, k, m)).toEqual([]);
    expect(validatePhotoKind(null, k, m)).toEqual(['photoKind must be an object']);
    const bad = {
      ...refParams,
      kinds: ['other', 'clinical', 'dermoscopic'],
      mean: [1],
      scale: refParams.scale.map(() => 0),
      weights: [[1]],
      bias: [0],
      dermoscopicThreshold: 1,
    };
    const problems = validatePhotoKind(bad, k, m).join('; ');
    expect(problems).toMatch(/kinds must be dermoscopic clinical other/);
    expect(problems).toMatch(/mean must be 12 numbers/);
    expect(problems).toMatch(/scale must be 12 positive numbers/);
    expect(problems).toMatch(/weights must be 3 rows of 12 numbers/);
    expect(problems).toMatch(/bias must be 3 numbers/);
    expect(problems).toMatch(/dermoscopicThreshold must be in \(0, 1\)/);
    // Fitted for another model's third output.
    expect(validatePhotoKind(refParams, k + 1, m).join()).toMatch(/signals must say pca 4 and mid 2/);
  });

  it('the shipped metadata.json has a valid photoKind block for its own third output', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../../public/model/metadata.json', import.meta.url), 'utf8')) as { photoKind?: unknown };
    expect(shipped.photoKind, 'public/model/metadata.json has no photoKind: export it with python3 -m training.export').toBeDefined();
    expect(validateMetadata(shipped)).toEqual([]);
    const broken = { ...shipped, photoKind: { ...(shipped.photoKind as object), signals: { pca: 1, mid: 1, extra: [] } } };
    expect(validateMetadata(broken).join()).toMatch(/photoKind.signals must say pca/);
  });
});

describePythonCheck(
  'photo kind (Python)',
  'training/lib/photo_kind.py computes the reference signals, probabilities and kinds',
  'training.checks.photo_kind',
  /photo-kind check passed/,
  ['numpy', 'torch', 'PIL'],
  'python3-numpy python3-torch python3-pil',
);
