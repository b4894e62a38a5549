/**
 * The plain-language verdict and next step for a result. Pure. Honest about uncertainty: a top probability under
 * UNSURE_BELOW, or a photo the decision does not simply analyse (unsure, or clinical shown anyway), says the model is
 * unsure instead of quoting a precise number.
 */
import { formatPercent } from '../../core/format';
import type { PhotoDecision } from '../../core/photo-decision';
import type { AggregatedNode } from '../../core/taxonomy';
import { findNode } from '../../core/taxonomy';

/** Top probabilities below this are reported as "unsure". */
export const UNSURE_BELOW = 0.5;
/**
 * Malignant mass at or above this leans malignant; between REFER_ABOVE and this is a "have it looked at". 0.2 keeps
 * the tool on the cautious side: missing a melanoma costs far more than an unneeded visit.
 */
export const MALIGNANT_LEANING = 0.5;
export const REFER_ABOVE = 0.2;
/** The taxonomy's top-level group ids (docs/model-contract.md); names shown come from taxonomy.json. */
export const MALIGNANT_ID = 'malignant';

/** Which way a result leans. */
export type Outcome = 'malignant-leaning' | 'uncertain' | 'benign-leaning';

/** What the summary says. */
export interface Summary {
  outcome: Outcome;
  /** True when the model should be read as unsure (low top probability, or the photo's decision is not 'analysed'). */
  unsure: boolean;
  malignantProbability: number;
  headline: string;
  nextStep: string;
}

/** The summary of one shown result. `top` is the most probable diagnosis (a leaf of `tree`). */
export function summarise(tree: AggregatedNode, top: AggregatedNode, decision: Pick<PhotoDecision, 'outcome'>): Summary {
  const mal = findNode(tree, MALIGNANT_ID);
  const pm = mal?.probability ?? 0;
  const malName = mal?.name ?? 'malignant';
  const photoUnsure = decision.outcome !== 'analysed';
  const unsure = top.probability < UNSURE_BELOW || photoUnsure;
  const why = photoUnsure
    ? 'This photo is somewhat unlike the photos the model learned from, so its answer is less reliable.'
    : `Its best guess, ${top.name}, has only ${formatPercent(top.probability)}; the diagnoses are hard to tell apart here.`;
  if (pm >= MALIGNANT_LEANING && !unsure) {
    return {
      outcome: 'malignant-leaning',
      unsure,
      malignantProbability: pm,
      headline: `The model leans towards ${top.name} (${formatPercent(top.probability)}), in the group "${malName}" (${formatPercent(pm)}).`,
      nextStep: 'See a dermatologist or your doctor within the next few weeks and show them this spot. Do not wait for it to change.',
    };
  }
  if (unsure || pm >= REFER_ABOVE) {
    return {
      outcome: 'uncertain',
      unsure,
      malignantProbability: pm,
      headline: unsure
        ? `The model is unsure about this spot. ${why}`
        : `The model's best guess is ${top.name}, but it gives "${malName}" a real chance (${formatPercent(pm)}).`,
      nextStep: 'Have a doctor or nurse look at this spot; they can examine it with a dermatoscope. If it is changing, bleeding or itching, go soon.',
    };
  }
  return {
    outcome: 'benign-leaning',
    unsure,
    malignantProbability: pm,
    headline: `The model leans towards ${top.name} (${formatPercent(top.probability)}), which is not cancer.`,
    nextStep:
      'Keep an eye on it: photograph it monthly. If it changes in Asymmetry, Border, Colour, Diameter (over 6 mm) or Evolves in any way (ABCDE), or bleeds or itches, see a doctor.',
  };
}
