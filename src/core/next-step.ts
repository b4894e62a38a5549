/**
 * The next step the page gives for a photo: one rule, a table over two things. How far the model's result can be
 * taken for this photo (its standing: from the photo decision, core/photo-decision.ts) and what the probabilities
 * say (the reading). The rule never reassures where the model is weak: "keep an eye on it" only for the one kind of
 * photo the model's numbers were measured on (dermoscopic), when the person said so, the photo-kind check agrees and
 * the photo is far from both boundaries (out of scope, and another kind of photo). Everywhere else a leaning-benign
 * reading still means "have a doctor or nurse look". A leaning-malignant reading always means "see a doctor soon".
 *
 * Why the person must have said "through a dermatoscope": the check alone still lets phone photos through. With
 * nothing said (`npm run predict -- ../shared/data/pad_ufes20/images`, model 1.3.1 with the check refitted on real
 * phone photos), 143 of PAD-UFES-20's 774 smartphone photos (18%) are analysed as dermoscopic, and reading their
 * probabilities alone the page told 34 of them, 8 of its 425 in the malignant group among them, to keep an eye on them.
 * NEAR_BOUNDARY.dermoscopic catches most of those (68 of the 90 analysed without "unsure", against 44 of 696 isic2017
 * and PH2 dermoscopic photos), but not all; the statement is what the page can trust.
 */
import type { PhotoDecision } from './photo-decision';
import type { PhotoKind } from './photo-kind';

/** What the page tells the person to do, most urgent first; `retake` when it shows no result. */
export const NEXT_STEPS = ['see-a-doctor-soon', 'have-it-looked-at', 'keep-an-eye', 'retake'] as const;
/** One next step. */
export type NextStep = (typeof NEXT_STEPS)[number];

/** How far the result for this photo can be taken, strongest first. */
export const STANDINGS = ['measured', 'not-stated', 'near-boundary', 'unsure', 'clinical', 'declined'] as const;
/**
 * - measured: said to be taken through a dermatoscope, the check agrees, far from both boundaries;
 * - not-stated: analysed on the check's word alone (the person did not say how it was taken);
 * - near-boundary: analysed, but near the out-of-scope boundary or the photo-kind check's;
 * - unsure: the decision's `unsure` (unlike the photos the model learned from);
 * - clinical: taken without a dermatoscope (its result shown only on request);
 * - declined: no result.
 */
export type Standing = (typeof STANDINGS)[number];

/** What the probabilities say, most worrying first. */
export const READINGS = ['leans-malignant', 'malignant-chance', 'diagnosis-unclear', 'leans-benign'] as const;
/**
 * - leans-malignant: the malignant group has at least MALIGNANT_LEANING;
 * - malignant-chance: it has at least REFER_ABOVE;
 * - diagnosis-unclear: the top diagnosis has under UNSURE_BELOW;
 * - leans-benign: none of these.
 */
export type Reading = (typeof READINGS)[number];

/** Malignant mass at or above this leans malignant: "see a doctor soon". */
export const MALIGNANT_LEANING = 0.5;
/**
 * Malignant mass at or above this is a real chance: "have it looked at". 0.2 keeps the tool on the cautious side:
 * missing a melanoma costs far more than an unneeded visit.
 */
export const REFER_ABOVE = 0.2;
/** A top diagnosis below this is not a clear answer. */
export const UNSURE_BELOW = 0.5;
/**
 * An analysed photo whose out-of-scope distance is above this fraction of the boundary, or whose photo-kind check
 * gives dermoscopic less than this probability, is near a boundary. The check lets a photo through as dermoscopic
 * from a low probability (metadata photoKind.dermoscopicThreshold, 0.092 for 1.3.2, so that 99.5% of validation
 * lesion views pass): below one half the check itself finds another kind at least as likely.
 */
export const NEAR_BOUNDARY = { oodRatio: 0.8, dermoscopic: 0.5 } as const;

/** The kinds of photo the model's numbers were measured on (metrics.json: internal test, other clinics; no real clinical photos). */
export const MEASURED_KINDS: readonly PhotoKind[] = ['dermoscopic'];

const L = 'have-it-looked-at';
const SOON = 'see-a-doctor-soon';
/** The rule: NEXT_STEP_TABLE[standing][reading]. Only the measured standing may keep an eye on a spot. */
export const NEXT_STEP_TABLE: Readonly<Record<Standing, Readonly<Record<Reading, NextStep>>>> = {
  measured: { 'leans-malignant': SOON, 'malignant-chance': L, 'diagnosis-unclear': L, 'leans-benign': 'keep-an-eye' },
  'not-stated': { 'leans-malignant': SOON, 'malignant-chance': L, 'diagnosis-unclear': L, 'leans-benign': L },
  'near-boundary': { 'leans-malignant': SOON, 'malignant-chance': L, 'diagnosis-unclear': L, 'leans-benign': L },
  unsure: { 'leans-malignant': SOON, 'malignant-chance': L, 'diagnosis-unclear': L, 'leans-benign': L },
  clinical: { 'leans-malignant': SOON, 'malignant-chance': L, 'diagnosis-unclear': L, 'leans-benign': L },
  declined: { 'leans-malignant': 'retake', 'malignant-chance': 'retake', 'diagnosis-unclear': 'retake', 'leans-benign': 'retake' },
};

/** The parts of the photo decision the standing reads. */
export type StandingInput = Pick<PhotoDecision, 'outcome' | 'kind' | 'statement' | 'check' | 'ood'>;

/** How far the result for a photo can be taken, from the decision about it. */
export function standingOf(d: StandingInput): Standing {
  switch (d.outcome) {
    case 'declined':
      return 'declined';
    case 'clinical':
      return 'clinical';
    case 'unsure':
      return 'unsure';
    case 'analysed': {
      const pd = d.check.probabilities?.dermoscopic;
      if (d.ood.ratio > NEAR_BOUNDARY.oodRatio || (pd !== undefined && pd < NEAR_BOUNDARY.dermoscopic)) return 'near-boundary';
      if (d.statement !== 'dermoscopic') return 'not-stated';
      return MEASURED_KINDS.includes(d.kind) ? 'measured' : 'not-stated';
    }
  }
}

/** What the probabilities say: `malignant` is the malignant group's mass, `top` the top diagnosis's probability. */
export function readingOf(malignant: number, top: number): Reading {
  if (malignant >= MALIGNANT_LEANING) return 'leans-malignant';
  if (malignant >= REFER_ABOVE) return 'malignant-chance';
  if (top < UNSURE_BELOW) return 'diagnosis-unclear';
  return 'leans-benign';
}

/** The next step and what it was drawn from. */
export interface NextStepResult {
  step: NextStep;
  standing: Standing;
  reading: Reading;
  /** The probabilities alone would have said "keep an eye on it", and the photo's standing did not allow it. */
  heldBack: boolean;
}

/** The rule for one photo: its decision, the malignant group's probability and the top diagnosis's. */
export function nextStep(decision: StandingInput, malignant: number, top: number): NextStepResult {
  const standing = standingOf(decision);
  const reading = readingOf(malignant, top);
  const step = NEXT_STEP_TABLE[standing][reading];
  return { step, standing, reading, heldBack: reading === 'leans-benign' && step === 'have-it-looked-at' };
}
