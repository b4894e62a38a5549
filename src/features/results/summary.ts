/**
 * The plain words for a shown result: the verdict, why the model is unsure (when it is) and the next step, which comes
 * from the one next-step rule (core/next-step.ts). Pure. "Unsure" is said in a sentence of its own with its reason,
 * never tacked onto a percentage as if it contradicted it.
 */
import { formatPercent } from '../../core/format';
import { nextStep, type NextStep, type NextStepResult, type Standing, type StandingInput } from '../../core/next-step';
import type { AggregatedNode } from '../../core/taxonomy';
import { findNode } from '../../core/taxonomy';

/** The taxonomy's top-level group id (docs/model-contract.md); the name shown comes from taxonomy.json. */
export const MALIGNANT_ID = 'malignant';

/** Which way a result leans, for its colour: from the next step. */
export type Outcome = 'malignant-leaning' | 'uncertain' | 'benign-leaning';

/** What the summary says. */
export interface Summary {
  outcome: Outcome;
  /** True when the model should be read as unsure: no diagnosis stands out, or the photo is unlike its training photos. */
  unsure: boolean;
  /** Why the model is unsure of this photo, as a sentence (unlike its training photos, or no dermatoscope), or null. */
  unsureWhy: string | null;
  malignantProbability: number;
  headline: string;
  /** The rule's answer and what it read. */
  next: NextStepResult;
  /** The next step in words. */
  nextStep: string;
  /** Why the next step is not "keep an eye on it" although the answer leans benign (the rule held it back), or null. */
  whyNotReassured: string | null;
}

/** The words for each next step given with a result ('retake' belongs to the decline notice). */
export const NEXT_STEP_TEXT: Record<Exclude<NextStep, 'retake'>, string> = {
  'see-a-doctor-soon': 'See a dermatologist or your doctor within the next few weeks and show them this spot. Do not wait for it to change.',
  'have-it-looked-at': 'Have a doctor or nurse look at this spot; they can examine it with a dermatoscope. If it is changing, bleeding or itching, go soon.',
  'keep-an-eye':
    'Keep an eye on it: photograph it monthly. If it changes in Asymmetry, Border, Colour, Diameter (over 6 mm) or Evolves in any way (ABCDE), or bleeds or itches, see a doctor.',
};

/** Why a leaning-benign answer did not become "keep an eye on it", per standing that holds it back. */
export const HELD_BACK_TEXT: Record<Exclude<Standing, 'measured' | 'declined'>, string> = {
  'not-stated':
    'The page says that only for photos taken through a dermatoscope, and it cannot tell by itself: many phone photos look like dermatoscope photos to it. If this one was, say so above the photo.',
  'near-boundary': 'This photo is close to the kind the model cannot judge.',
  unsure: 'This photo is unlike the photos the model learned from.',
  clinical: 'The model cannot judge photos taken without a dermatoscope.',
};

const UNSURE_WHY: Partial<Record<Standing, string>> = {
  unsure: 'This photo is unlike the photos the model learned from, so even a high percentage here may be wrong.',
  clinical: 'This photo was taken without a dermatoscope, unlike every photo the model learned from, so even a high percentage here may be wrong.',
};

const OUTCOME: Record<Exclude<NextStep, 'retake'>, Outcome> = {
  'see-a-doctor-soon': 'malignant-leaning',
  'have-it-looked-at': 'uncertain',
  'keep-an-eye': 'benign-leaning',
};

/** The summary of one shown result. `top` is the most probable diagnosis (a leaf of `tree`). */
export function summarise(tree: AggregatedNode, top: AggregatedNode, decision: StandingInput): Summary {
  const mal = findNode(tree, MALIGNANT_ID);
  const pm = mal?.probability ?? 0;
  const malName = mal?.name ?? 'malignant';
  const topInMal = mal?.leaves.includes(top.id) ?? false;
  const next = nextStep(decision, pm, top.probability);
  // A declined photo shows no result; should one reach here, it reads as the most cautious shown step.
  const step = next.step === 'retake' ? 'have-it-looked-at' : next.step;
  const p = formatPercent(top.probability);
  let headline: string;
  switch (next.reading) {
    case 'leans-malignant':
      headline = topInMal
        ? `The model leans towards ${top.name} (${p}), in the group "${malName}" (${formatPercent(pm)}).`
        : `The model gives the group "${malName}" ${formatPercent(pm)}, although its best single guess is ${top.name} (${p}).`;
      break;
    case 'malignant-chance':
      headline = `The model's best guess is ${top.name} (${p}), and it gives the group "${malName}" a real chance (${formatPercent(pm)}).`;
      break;
    case 'diagnosis-unclear':
      headline = `No diagnosis stands out: the best guess, ${top.name}, has only ${p}; the diagnoses are hard to tell apart here.`;
      break;
    case 'leans-benign':
      headline = `The model leans towards ${top.name} (${p}), which is not cancer.`;
      break;
  }
  const unsureWhy = UNSURE_WHY[next.standing] ?? null;
  const held = next.heldBack && next.standing !== 'measured' && next.standing !== 'declined' ? HELD_BACK_TEXT[next.standing] : null;
  return {
    outcome: OUTCOME[step],
    unsure: unsureWhy !== null || next.reading === 'diagnosis-unclear',
    unsureWhy,
    malignantProbability: pm,
    headline,
    next,
    nextStep: NEXT_STEP_TEXT[step],
    whyNotReassured: held,
  };
}
