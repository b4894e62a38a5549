/** ROC curves of the paper's Figure 3 tasks, each with its AUC and 95% interval. */
import { aucCi, axisLayout, nameOf, num, unitPath } from './format';
import { NotAvailable } from './NotAvailable';
import type { RocTask } from './types';
import { UnitSquareChart } from './UnitSquareChart';

/** Props of {@link RocCharts}. */
export interface RocChartsProps {
  /** metrics.roc; anything not an array renders "not available". */
  tasks: RocTask[] | undefined;
  /** Display name per label, from taxonomy.json. */
  names: Readonly<Record<string, string>>;
}

/** Side of the drawing in SVG units; shown at the column's width up to 20rem (model-card.css). */
const SIZE = 300;
/** Both axes every quarter, as fractions (sensitivity and 1 − specificity, as in the paper's Figure 3). */
const AXES = axisLayout(SIZE, [0, 0.25, 0.5, 0.75, 1], (v) => String(v));

/** Title of a task from the taxonomy names of its positive and negative labels. */
function taskTitle(t: RocTask, names: Readonly<Record<string, string>>): string {
  const side = (ls: unknown): string => (Array.isArray(ls) ? ls.map((l) => nameOf(String(l), names)).join(' + ') : '?');
  return Array.isArray(t.positive) && Array.isArray(t.negative) ? `${side(t.positive)} vs ${side(t.negative)}` : String(t.task ?? 'ROC');
}

/** One ROC chart per task. */
export function RocCharts({ tasks, names }: RocChartsProps) {
  if (!Array.isArray(tasks) || tasks.length === 0) return <NotAvailable what="ROC curves" />;
  return (
    <div className="card-roc-list">
      {tasks.map((t, i) => {
        const title = taskTitle(t, names);
        const d = unitPath(t.points, SIZE, AXES.margin);
        const n = num(t.n);
        const auc = aucCi(t.auc);
        return (
          <figure key={`${t.task}-${i}`} className="card-roc">
            <UnitSquareChart
              className="card-roc-svg"
              size={SIZE}
              axes={AXES}
              label={`ROC curve, ${title}: AUC ${auc}`}
              xTitle="1 − specificity"
              yTitle="sensitivity"
            >
              {d ? <path className="card-roc-curve" d={d} /> : null}
            </UnitSquareChart>
            <figcaption className="card-roc-caption">
              <strong>{title}</strong>
              <br />
              AUC {auc}
              {n !== undefined ? `, ${n} biopsy-proven test images` : ''}
              {!d ? ' (curve not available)' : ''}
            </figcaption>
          </figure>
        );
      })}
    </div>
  );
}
