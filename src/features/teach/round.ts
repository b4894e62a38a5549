/** Teaching mode as plain data: the teaching set, drawing a round, the answer choices, and scoring learner and model alike. */
import { flatten, type AggregatedNode } from '../../core/taxonomy';

/** public/cases/teach.json (training/similar_cases.py). */
export interface TeachSet {
  attribution: string;
  about: string;
  sprite: { file: string; side: number; columns: number; bytes: number };
  /** Each teaching case's index into the case pack (cases/index.json, the internal test split). */
  cases: number[];
}

/** Checks a parsed teach.json. */
export function parseTeachSet(value: unknown, packSize: number): TeachSet {
  const v = value as Partial<TeachSet> | null;
  if (!v || !Array.isArray(v.cases) || !v.sprite || !Number.isInteger(v.sprite.side) || !Number.isInteger(v.sprite.columns)) {
    throw new Error('cases/teach.json is malformed');
  }
  const bad = v.cases.find((i) => !Number.isInteger(i) || i < 0 || i >= packSize);
  if (bad !== undefined) throw new Error(`cases/teach.json names case ${bad}, but the pack has ${packSize}`);
  return v as TeachSet;
}

/** `n` distinct positions in 0..size-1 (all of them when size <= n), in random order. */
export function drawRound(size: number, n: number, random: () => number = Math.random): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  const m = Math.min(n, size);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (size - i));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, m);
}

/**
 * What the learner can answer: the taxonomy's groups of two or more diagnoses (benign, malignant, ...) and every
 * diagnosis. Groups of one diagnosis would repeat it, so they are left out.
 */
export function answerChoices(tree: AggregatedNode): AggregatedNode[] {
  const nodes = flatten(tree).filter((n) => n.depth > 0);
  return [...nodes.filter((n) => n.children.length > 0 && n.leaves.length > 1), ...nodes.filter((n) => n.children.length === 0)];
}

/** Whether an answer (a node) contains the true diagnosis. */
export function isRight(answer: Pick<AggregatedNode, 'leaves'>, truth: string): boolean {
  return answer.leaves.includes(truth);
}

/**
 * The model's answer at the learner's level: of the nodes at the depth of the learner's answer, the one the model
 * gives the most probability (ties to the first). So a learner who says "malignant" is compared with the model's
 * benign-or-malignant call, and one who names a diagnosis with its top diagnosis.
 */
export function modelAnswerAt(tree: AggregatedNode, depth: number): AggregatedNode | undefined {
  const level = flatten(tree).filter((n) => n.depth === depth);
  let best: AggregatedNode | undefined;
  for (const n of level) if (!best || n.probability > best.probability) best = n;
  return best;
}

/** One answered case. */
export interface Answered {
  learnerRight: boolean;
  /** Null while the model's result is not in yet. */
  modelRight: boolean | null;
}

/** Running scores over the answered cases. */
export function scores(answers: readonly Answered[]): { answered: number; learner: number; model: number; modelAnswered: number } {
  return {
    answered: answers.length,
    learner: answers.filter((a) => a.learnerRight).length,
    model: answers.filter((a) => a.modelRight === true).length,
    modelAnswered: answers.filter((a) => a.modelRight !== null).length,
  };
}
