/** Confusion matrix as an accessible table, cells shaded by the row-normalised share. */
import { nameOf, num, rowNormalise } from './format';
import { NotAvailable } from './NotAvailable';
import type { ModelMetrics } from './types';

/** Props of {@link ConfusionTable}. */
export interface ConfusionTableProps {
  /** metrics.test.confusion; missing or malformed renders "not available". */
  confusion: NonNullable<ModelMetrics['test']>['confusion'];
  /** Display name per label, from taxonomy.json. */
  names: Readonly<Record<string, string>>;
}

/** Rows are the true diagnosis, columns the model's top prediction. */
export function ConfusionTable({ confusion, names }: ConfusionTableProps) {
  const labels = Array.isArray(confusion?.labels) ? confusion.labels : [];
  const matrix = Array.isArray(confusion?.matrix) ? confusion.matrix : [];
  if (labels.length === 0 || matrix.length !== labels.length) return <NotAvailable what="Confusion matrix" />;
  const share = rowNormalise(matrix);
  return (
    <div className="card-scroll">
      <table className="card-table card-confusion">
        <caption className="card-table-caption">
          Test images by true diagnosis (rows) and predicted diagnosis (columns); shading is the share of the row
        </caption>
        <thead>
          <tr>
            <td />
            {labels.map((l) => (
              <th key={l} scope="col">
                <abbr title={`predicted ${nameOf(l, names)}`}>{l}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((l, i) => (
            <tr key={l}>
              <th scope="row">{nameOf(l, names)}</th>
              {labels.map((c, j) => {
                const v = share[i]?.[j] ?? 0;
                const count = num(matrix[i]?.[j]) ?? 0;
                return (
                  <td
                    key={c}
                    className={`card-confusion-cell${i === j ? ' card-confusion-cell--diagonal' : ''}`}
                    style={{ background: `rgba(0, 114, 178, ${v.toFixed(3)})`, color: v > 0.55 ? '#fff' : undefined }}
                    title={`${Math.round(v * 100)}% of true ${nameOf(l, names)}`}
                  >
                    {count}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
