/** ROC curves of the paper's Figure 3 tasks, each with its AUC and 95% interval. */
import { aucCi, nameOf, num, unitPath, unitScales } from './format';
import { NotAvailable } from './NotAvailable';
import type { RocTask } from './types';

/** Props of {@link RocCharts}. */
export interface RocChartsProps {
  /** metrics.roc; anything not an array renders "not available". */
  tasks: RocTask[] | undefined;
  /** Display name per label, from taxonomy.json. */
  names: Readonly<Record<string, string>>;
}

const SIZE = 220;
const MARGIN = 28;

/** Title of a task from the taxonomy names of its positive and negative labels. */
function taskTitle(t: RocTask, names: Readonly<Record<string, string>>): string {
  const side = (ls: unknown): string => (Array.isArray(ls) ? ls.map((l) => nameOf(String(l), names)).join(' + ') : '?');
  return Array.isArray(t.positive) && Array.isArray(t.negative) ? `${side(t.positive)} vs ${side(t.negative)}` : String(t.task ?? 'ROC');
}

/** One ROC chart per task. */
export function RocCharts({ tasks, names }: RocChartsProps) {
  if (!Array.isArray(tasks) || tasks.length === 0) return <NotAvailable what="ROC curves" />;
  const s = unitScales(SIZE, MARGIN);
  return (
    <div className="card-roc-list">
      {tasks.map((t, i) => {
        const title = taskTitle(t, names);
        const d = unitPath(t.points, SIZE, MARGIN);
        const n = num(t.n);
        const auc = aucCi(t.auc);
        return (
          <figure key={`${t.task}-${i}`} className="card-roc">
            <svg
              className="card-roc-svg"
              viewBox={`0 0 ${SIZE} ${SIZE}`}
              width={SIZE}
              height={SIZE}
              role="img"
              aria-label={`ROC curve, ${title}: AUC ${auc}`}
            >
              <rect className="card-plot-frame" x={s.x(0)} y={s.y(1)} width={s.x(1) - s.x(0)} height={s.y(0) - s.y(1)} />
              <line className="card-plot-chance" x1={s.x(0)} y1={s.y(0)} x2={s.x(1)} y2={s.y(1)} />
              {d ? <path className="card-roc-curve" d={d} /> : null}
              {[0, 0.5, 1].map((v) => (
                <g key={v}>
                  <text className="card-plot-tick" x={s.x(v)} y={SIZE - MARGIN + 12} textAnchor="middle">
                    {v}
                  </text>
                  <text className="card-plot-tick" x={MARGIN - 4} y={s.y(v) + 3} textAnchor="end">
                    {v}
                  </text>
                </g>
              ))}
              <text className="card-plot-axis" x={SIZE / 2} y={SIZE - 4} textAnchor="middle">
                1 − specificity
              </text>
              <text className="card-plot-axis" transform={`translate(10 ${SIZE / 2}) rotate(-90)`} textAnchor="middle">
                sensitivity
              </text>
            </svg>
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
