/** What the learner sees after answering: right or not, the truth and how it was confirmed, and the model's answer at the learner's level. */
import type { AggregatedNode } from '../../core/taxonomy';
import { isRight, modelAnswerAt } from './round';
import type { CaseResult } from './teachCase';

/** Props of {@link Reveal}. */
export interface RevealProps {
  /** The learner's answer (a taxonomy node). */
  choice: Pick<AggregatedNode, 'id' | 'name' | 'depth' | 'leaves'> | undefined;
  /** The true diagnosis (a model label). */
  truth: string;
  /** Whether the truth was confirmed by histopathology. */
  biopsy: boolean;
  /** The model's result for the case, an error message, or undefined while it runs. */
  result: CaseResult | string | undefined;
  /** Display name per taxonomy node id, from taxonomy.json. */
  names: Readonly<Record<string, string>>;
}

/** The reveal. */
export function Reveal({ choice, truth, biopsy, result, names }: RevealProps) {
  const right = !!choice && isRight(choice, truth);
  const modelNode = typeof result === 'object' ? modelAnswerAt(result.tree, choice?.depth ?? 0) : undefined;
  return (
    <div className="teach-reveal" data-testid="teach-reveal">
      <p>
        <strong>{right ? 'Right.' : 'Not quite.'}</strong> It is <strong data-testid="teach-truth">{names[truth] ?? truth}</strong> (
        {biopsy ? 'biopsy-proven' : 'diagnosed without a biopsy'}); you said {choice?.name ?? '?'}.
      </p>
      {typeof result === 'string' && <p>{result}</p>}
      {result === undefined && <p>The model is still working on this case…</p>}
      {typeof result === 'object' && (
        <p data-testid="teach-model">
          The model says <strong>{modelNode?.name}</strong> ({Math.round((modelNode?.probability ?? 0) * 100)}%)
          {modelNode && isRight(modelNode, truth) ? ', right' : ', wrong'}; its top diagnosis is {names[result.top] ?? result.top}. The heatmap shows the pixels
          that drove it.
        </p>
      )}
    </div>
  );
}
