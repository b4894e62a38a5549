/** Confusion matrix as an accessible table, cells shaded by the row-normalised share. */
import { formatPercent } from '../../core/format';
import { nameOf, num, rowNormalise } from './format';
import { NotAvailable } from './NotAvailable';
import { TableScroll } from './TableScroll';
import type { ModelMetrics } from './types';

/** Props of {@link ConfusionTable}. */
export interface ConfusionTableProps {
  /** metrics.test.confusion; missing or malformed renders "not available". */
  confusion: NonNullable<ModelMetrics['test']>['confusion'];
  /** Display name per label, from taxonomy.json. */
  names: Readonly<Record<string, string>>;
}

/** The cell shade: rgb(0, 114, 178) at `alpha` over the white card. */
const SHADE = [0, 114, 178] as const;

/**
 * Black or white text, whichever contrasts more with the shade at `alpha`. The two cross at a relative luminance
 * of about 0.18, where both are 4.6:1, so every cell meets WCAG AA (4.5:1).
 */
export function textOn(alpha: number): '#000' | '#fff' {
  const lin = (c: number): number => {
    const s = (255 * (1 - alpha) + c * alpha) / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const L = 0.2126 * lin(SHADE[0]) + 0.7152 * lin(SHADE[1]) + 0.0722 * lin(SHADE[2]);
  return (L + 0.05) / 0.05 >= 1.05 / (L + 0.05) ? '#000' : '#fff';
}

/** Rows are the true diagnosis, columns the model's top prediction. */
export function ConfusionTable({ confusion, names }: ConfusionTableProps) {
  const labels = Array.isArray(confusion?.labels) ? confusion.labels : [];
  const matrix = Array.isArray(confusion?.matrix) ? confusion.matrix : [];
  if (labels.length === 0 || matrix.length !== labels.length) return <NotAvailable what="Confusion matrix" />;
  const share = rowNormalise(matrix);
  return (
    <TableScroll label="Confusion matrix">
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
                    style={{ background: `rgba(${SHADE.join(', ')}, ${v.toFixed(3)})`, color: textOn(Number(v.toFixed(3))) }}
                    title={`${formatPercent(v)} of true ${nameOf(l, names)}`}
                  >
                    {count}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
