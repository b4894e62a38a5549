/**
 * The one decision about a photo: analysed, unsure, clinical (result held back) or declined, and why. It reads the
 * model's outputs for the photo, the statistics of its input square and what the person said about how it was
 * taken; the distance test (core/ood.ts) and the photo-kind check (core/photo-kind.ts) are its two inputs, not
 * decisions of their own. The page (app/controller.ts), the batch CLI and the test hook all take the decision from
 * here, once per photo and crop (and again only when the person changes what they said), and carry it with the result.
 */
import type { ModelMetadata } from './metadata';
import { oodScore, type OodResult } from './ood';
import { photoKind, type PhotoKind, type PhotoKindResult } from './photo-kind';
import { photoStats } from './photo-stats';

/**
 * What the person says about how the photo was taken: through a dermatoscope, with an ordinary camera (phone, laptop)
 * or nothing ("not sure", `auto`: the check decides). The CLI's --photo-kind takes the same words.
 */
export const PHOTO_STATEMENTS = ['auto', 'dermoscopic', 'clinical'] as const;
/** One statement. */
export type PhotoStatement = (typeof PHOTO_STATEMENTS)[number];

/** The four outcomes. `unsure` is analysed, but read as unsure: the photo is near or past the distance test's boundary. */
export const PHOTO_OUTCOMES = ['analysed', 'unsure', 'clinical', 'declined'] as const;
/** One outcome. */
export type PhotoOutcome = (typeof PHOTO_OUTCOMES)[number];

/** Why the decision came out as it did. */
export type DecisionReason =
  /** analysed: the check calls it dermoscopic (and the person said so, or nothing). */
  | 'dermoscopic'
  /** unsure: dermoscopic, but somewhat unlike the photos the model learned from. */
  | 'unlike-training'
  /** clinical: the check calls it a photo of skin without a dermatoscope; the person said nothing. */
  | 'check-clinical'
  /** clinical: the person said it was taken with an ordinary camera (whatever the check says, unless not skin). */
  | 'stated-clinical'
  /** clinical: the person said dermatoscope, the check thinks ordinary camera; the safer reading wins. */
  | 'stated-dermoscopic-check-clinical'
  /** declined: the check finds no skin photo here, whatever the person said. */
  | 'not-skin';

/** Every reason, in the order of the outcomes (the CLI's --help lists them; a test checks each one is reached). */
export const DECISION_REASONS = [
  'dermoscopic',
  'unlike-training',
  'check-clinical',
  'stated-clinical',
  'stated-dermoscopic-check-clinical',
  'not-skin',
] as const satisfies readonly DecisionReason[];

/** The decision about one photo and crop. */
export interface PhotoDecision {
  outcome: PhotoOutcome;
  /** The kind of photo the decision treats it as (the CLI's photo_kind): dermoscopic exactly when analysed or unsure. */
  kind: PhotoKind;
  reason: DecisionReason;
  /** What the person said. */
  statement: PhotoStatement;
  /** The check's own call from the model's outputs alone (the CLI's photo_kind_check), with its probabilities. */
  check: PhotoKindResult;
  /** The distance test's numbers, behind `unsure`. */
  ood: OodResult;
  /** The person and the check disagree about dermatoscope or ordinary camera (the page says so). */
  disagreement: boolean;
}

/** The model's outputs the decision reads (a Prediction has them). */
export interface DecisionOutputs {
  /** The pooled features. */
  features: ArrayLike<number>;
  /** The whitened PCA coordinates: the first part of the model's third output. */
  z: ArrayLike<number>;
  /** The mid-layer coordinates after them (empty for models without a mid-layer distance). */
  zMid: ArrayLike<number>;
}

/** The parts of metadata.json the decision reads. */
export type DecisionParams = Pick<ModelMetadata, 'input' | 'ood' | 'photoKind'>;

/** Where a photo came from: a file (picked, dropped or pasted) or the page's camera. */
export type PhotoOrigin = 'file' | 'camera';

/**
 * The statement for a photo: a file gets the person's remembered choice; a camera photo is an ordinary-camera photo
 * unless the person says a dermatoscope is attached.
 */
export function statementFor(origin: PhotoOrigin, fileChoice: PhotoStatement, dermatoscopeAttached: boolean): PhotoStatement {
  if (origin === 'camera') return dermatoscopeAttached ? 'dermoscopic' : 'clinical';
  return fileChoice;
}

/** True for a known statement (the CLI's --photo-kind and the remembered choice are checked with it). */
export const isPhotoStatement = (v: unknown): v is PhotoStatement => (PHOTO_STATEMENTS as readonly unknown[]).includes(v);

/**
 * Decides about one photo. `input` is the model input square the outputs came from (core/preprocess toModelInput),
 * whose statistics both tests read.
 */
export function decidePhoto(outputs: DecisionOutputs, input: Float32Array, params: DecisionParams, statement: PhotoStatement): PhotoDecision {
  const stats = photoStats(input, params.input.size, params.input.mean, params.input.scale);
  const third = [...Array.from(outputs.z), ...Array.from(outputs.zMid)];
  const ood = oodScore(outputs.features, third, params.ood, stats);
  const check = photoKind(third, ood, stats, params.photoKind);
  const base = { statement, check, ood };
  const said = statement === 'auto' ? undefined : statement;
  if (check.kind === 'other') return { ...base, outcome: 'declined', kind: 'other', reason: 'not-skin', disagreement: false };
  // The person and the check each say dermoscopic or clinical; where they differ, the safer reading (clinical) wins.
  const disagreement = said !== undefined && said !== check.kind;
  if (said === 'clinical') return { ...base, outcome: 'clinical', kind: 'clinical', reason: 'stated-clinical', disagreement };
  if (check.kind === 'clinical') {
    return { ...base, outcome: 'clinical', kind: 'clinical', reason: said ? 'stated-dermoscopic-check-clinical' : 'check-clinical', disagreement };
  }
  const unsure = ood.borderline || !ood.inScope;
  return { ...base, outcome: unsure ? 'unsure' : 'analysed', kind: 'dermoscopic', reason: unsure ? 'unlike-training' : 'dermoscopic', disagreement };
}

/** True when the decision shows the model's result without holding it back (analysed, or analysed but unsure). */
export const isAnalysed = (d: Pick<PhotoDecision, 'outcome'>): boolean => d.outcome === 'analysed' || d.outcome === 'unsure';
