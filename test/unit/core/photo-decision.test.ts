import { describe, expect, it } from 'vitest';
import {
  DECISION_REASONS,
  decidePhoto,
  isAnalysed,
  isPhotoStatement,
  PHOTO_OUTCOMES,
  PHOTO_STATEMENTS,
  statementFor,
  type DecisionParams,
  type PhotoOutcome,
} from '../../../src/core/photo-decision';
import { decideAs, decisionInput as input, decisionParams as params, outputsFor } from '../../fixtures/decision';

const decide = decideAs;

describe('the photo decision', () => {
  it('not sure: the check decides, and unsure comes from the distance test', () => {
    expect(decide('dermoscopic', 'auto')).toMatchObject({ outcome: 'analysed', kind: 'dermoscopic', reason: 'dermoscopic', disagreement: false });
    expect(decide('unsure', 'auto')).toMatchObject({ outcome: 'unsure', kind: 'dermoscopic', reason: 'unlike-training', disagreement: false });
    expect(decide('clinical', 'auto')).toMatchObject({ outcome: 'clinical', kind: 'clinical', reason: 'check-clinical', disagreement: false });
    expect(decide('other', 'auto')).toMatchObject({ outcome: 'declined', kind: 'other', reason: 'not-skin', disagreement: false });
    // The check's own call and the distance test's numbers travel with the decision.
    const d = decide('unsure', 'auto');
    expect(d.check.kind).toBe('dermoscopic');
    expect(d.check.probabilities?.dermoscopic).toBeGreaterThan(0.99);
    expect(d.ood.borderline).toBe(true);
    expect(d.statement).toBe('auto');
  });

  it('through a dermatoscope: analysed when the check agrees, clinical (the safer reading) with a disagreement when not', () => {
    expect(decide('dermoscopic', 'dermoscopic')).toMatchObject({ outcome: 'analysed', reason: 'dermoscopic', disagreement: false });
    expect(decide('unsure', 'dermoscopic')).toMatchObject({ outcome: 'unsure', disagreement: false });
    expect(decide('clinical', 'dermoscopic')).toMatchObject({
      outcome: 'clinical',
      kind: 'clinical',
      reason: 'stated-dermoscopic-check-clinical',
      disagreement: true,
    });
    expect(decide('clinical', 'dermoscopic').check.kind).toBe('clinical');
  });

  it('with an ordinary camera: clinical whatever the check says about the camera, and a disagreement when it says dermatoscope', () => {
    expect(decide('clinical', 'clinical')).toMatchObject({ outcome: 'clinical', reason: 'stated-clinical', disagreement: false });
    for (const kind of ['dermoscopic', 'unsure'] as const) {
      const d = decide(kind, 'clinical');
      expect(d).toMatchObject({ outcome: 'clinical', kind: 'clinical', reason: 'stated-clinical', disagreement: true });
      expect(d.check.kind).toBe('dermoscopic');
    }
  });

  it('a photo that is not of skin is declined whatever the person says', () => {
    for (const s of PHOTO_STATEMENTS) expect(decide('other', s)).toMatchObject({ outcome: 'declined', kind: 'other', reason: 'not-skin', disagreement: false });
  });

  it('reaches every outcome, and treats the photo as dermoscopic exactly when it is analysed or unsure', () => {
    const seen = new Set<PhotoOutcome>();
    for (const s of PHOTO_STATEMENTS) {
      for (const k of ['dermoscopic', 'unsure', 'clinical', 'other'] as const) {
        const d = decide(k, s);
        seen.add(d.outcome);
        expect(d.kind === 'dermoscopic').toBe(isAnalysed(d));
      }
    }
    expect([...seen].sort()).toEqual([...PHOTO_OUTCOMES].sort());
  });

  it('gives every reason in DECISION_REASONS, and no other', () => {
    const reasons = new Set<string>();
    for (const s of PHOTO_STATEMENTS) for (const k of ['dermoscopic', 'unsure', 'clinical', 'other'] as const) reasons.add(decide(k, s).reason);
    expect([...reasons].sort()).toEqual([...DECISION_REASONS].sort());
  });

  it('without a fitted check (older model folders) the distance test alone sorts dermoscopic from other', () => {
    const old: DecisionParams = { ...params, photoKind: undefined };
    expect(decidePhoto(outputsFor('dermoscopic'), input, old, 'auto')).toMatchObject({
      outcome: 'analysed',
      check: { kind: 'dermoscopic', probabilities: null },
    });
    const far = { ...outputsFor('dermoscopic'), z: [4, 0] };
    expect(decidePhoto(far, input, old, 'auto')).toMatchObject({ outcome: 'declined', reason: 'not-skin' });
  });

  it('a camera photo is an ordinary-camera photo unless a dermatoscope is attached; a file gets the remembered choice', () => {
    expect(statementFor('camera', 'dermoscopic', false)).toBe('clinical');
    expect(statementFor('camera', 'auto', true)).toBe('dermoscopic');
    for (const s of PHOTO_STATEMENTS) expect(statementFor('file', s, true)).toBe(s);
    expect(PHOTO_STATEMENTS.every(isPhotoStatement)).toBe(true);
    for (const bad of ['', 'Dermoscopic', 'unsure', null, 1]) expect(isPhotoStatement(bad)).toBe(false);
  });
});
