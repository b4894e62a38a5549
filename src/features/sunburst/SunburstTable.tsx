/** The sunburst as a table beside it: one row per taxonomy node, indented by depth, with its arc's colour; readable without hovering, and for screen readers and keyboards. */
import type { AggregatedNode } from '../../core/taxonomy';
import { flatten } from '../../core/taxonomy';
import { formatPercent } from '../../core/format';
import { arcColour, branches } from './layout';
import './sunburst.css';

/** Props of {@link SunburstTable}. */
export interface SunburstTableProps {
  /** The aggregated taxonomy (from `aggregate()`). */
  root: AggregatedNode;
  /** Id of the selected node; its row is highlighted and its button is pressed. */
  selectedId: string | undefined;
  /** Called with a node id when the user activates its row's button. */
  onSelect: (id: string) => void;
}

/** Accessible alternative to the sunburst: nested rows with percentages. */
export function SunburstTable({ root, selectedId, onSelect }: SunburstTableProps) {
  const rows = flatten(root);
  const branch = branches(root);
  return (
    <table className="sunburst-table">
      <caption className="sunburst-table-caption">Probability of each group and diagnosis</caption>
      <thead>
        <tr>
          <th scope="col">Group or diagnosis</th>
          <th scope="col">Probability</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((n) => {
          const selected = n.id === selectedId;
          return (
            <tr
              key={n.id}
              className={`sunburst-table-row sunburst-table-row--depth-${n.depth}${selected ? ' sunburst-table-row--selected' : ''}`}
              data-depth={n.depth}
            >
              <th scope="row" className="sunburst-table-name" style={{ paddingLeft: `${0.5 + n.depth * 1.25}em` }}>
                <button type="button" className="sunburst-table-button" aria-pressed={selected} onClick={() => onSelect(n.id)}>
                  {n.depth > 0 && <span className="sunburst-swatch" style={{ background: arcColour(branch.get(n.id) ?? 0, n.depth) }} aria-hidden="true" />}
                  {n.name}
                </button>
              </th>
              <td className="sunburst-table-value">{formatPercent(n.probability)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
