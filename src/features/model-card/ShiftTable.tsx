/** Balanced and benign-vs-malignant accuracy when the test photos are shifted as another camera or lamp might. */
import { num, pct } from './format';
import { NotAvailable } from './NotAvailable';
import { TableScroll } from './TableScroll';
import type { ShiftMetrics } from './types';

/** Props of {@link ShiftTable}. */
export interface ShiftTableProps {
  /** metrics.json "shifted" (absent in models evaluated before the check existed). */
  shifted: ShiftMetrics | undefined;
}

/** One row per condition, the unshifted test first. */
export function ShiftTable({ shifted }: ShiftTableProps) {
  const conditions = shifted?.conditions && typeof shifted.conditions === 'object' ? Object.entries(shifted.conditions) : [];
  if (!shifted || conditions.length === 0) return <NotAvailable what="Camera and light check" />;
  const rows: [string, unknown][] = [['unchanged photos', shifted.clean], ...conditions];
  return (
    <TableScroll label="Other cameras and lamps">
      <table className="card-table card-shifts">
        <caption className="card-table-caption">Internal test photos changed before the model sees them</caption>
        <thead>
          <tr>
            <th scope="col">Condition</th>
            <th scope="col">Balanced accuracy</th>
            <th scope="col">Benign vs malignant</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, v]) => {
            const s = (v && typeof v === 'object' ? v : {}) as { balancedAccuracy?: unknown; topLevelAccuracy?: unknown };
            return (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{pct(num(s.balancedAccuracy))}</td>
                <td>{pct(num(s.topLevelAccuracy))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
