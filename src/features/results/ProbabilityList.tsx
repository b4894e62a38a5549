/** Every diagnosis with its probability, largest first, as a list of labelled meters. */
import type { AggregatedNode } from '../../core/taxonomy';
import { formatPercent } from '../../core/format';

/** Props of {@link ProbabilityList}. */
export interface ProbabilityListProps {
  /** The leaves of the aggregated taxonomy (one per model label; names from taxonomy.json). */
  leaves: readonly AggregatedNode[];
  /** Id of the selected node, whose leaves are highlighted. */
  highlight?: readonly string[];
}

/** The list. */
export function ProbabilityList({ leaves, highlight = [] }: ProbabilityListProps) {
  const sorted = [...leaves].sort((a, b) => b.probability - a.probability);
  return (
    <ol className="probabilities" data-testid="probabilities" aria-label="Probability of each diagnosis">
      {sorted.map((l) => (
        <li key={l.id} className={highlight.includes(l.id) ? 'highlight' : undefined} data-label={l.id}>
          <span className="prob-name" title={l.description}>
            {l.name}
          </span>
          <meter min={0} max={1} value={l.probability} aria-label={`${l.name} probability`} />
          <span className="prob-value">{formatPercent(l.probability)}</span>
        </li>
      ))}
    </ol>
  );
}
