/** Sensitivity, specificity and PPV per diagnosis on the internal test split. */
import { nameOf, num, pct } from './format';
import { NotAvailable } from './NotAvailable';
import { TableScroll } from './TableScroll';
import type { PerClassMetrics } from './types';

/** Props of {@link PerClassTable}. */
export interface PerClassTableProps {
  /** metrics.test.perClass; missing or empty renders "not available". */
  rows: PerClassMetrics[] | undefined;
  /** Display name per label, from taxonomy.json. */
  names: Readonly<Record<string, string>>;
}

/** One row per diagnosis. */
export function PerClassTable({ rows, names }: PerClassTableProps) {
  if (!Array.isArray(rows) || rows.length === 0) return <NotAvailable what="Per-diagnosis results" />;
  return (
    <TableScroll label="Per-diagnosis results">
      <table className="card-table card-perclass">
        <caption className="card-table-caption">Per diagnosis, internal test split</caption>
        <thead>
          <tr>
            <th scope="col">Diagnosis</th>
            <th scope="col">Test images</th>
            <th scope="col">Sensitivity</th>
            <th scope="col">Specificity</th>
            <th scope="col">PPV</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r?.label}-${i}`}>
              <th scope="row">{nameOf(String(r?.label ?? '?'), names)}</th>
              <td>{num(r?.support) ?? 'not available'}</td>
              <td>{pct(r?.sensitivity)}</td>
              <td>{pct(r?.specificity)}</td>
              <td>{pct(r?.ppv)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
