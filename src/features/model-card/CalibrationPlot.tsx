/** Reliability diagram before and after temperature scaling, with the expected calibration errors. */
import { axisLayout, num, pct, reliabilityPoints, unitScales } from './format';
import { NotAvailable } from './NotAvailable';
import { TableScroll } from './TableScroll';
import type { ModelMetrics } from './types';
import { UnitSquareChart } from './UnitSquareChart';

/** Props of {@link CalibrationPlot}. */
export interface CalibrationPlotProps {
  /** metrics.calibration; missing or malformed renders "not available". */
  calibration: ModelMetrics['calibration'];
}

/** Side of the drawing in SVG units; shown at the column's width up to 20rem (model-card.css). */
const SIZE = 300;
/** Confidence and accuracy as percentages, every 20 points. */
const AXES = axisLayout(SIZE, [0, 0.2, 0.4, 0.6, 0.8, 1], (v) => `${Math.round(v * 100)}%`);
/** Okabe-Ito vermillion (before) and blue (after); the two series also differ in dash and marker shape. */
const SERIES = [
  { key: 'before', title: 'before (T = 1)', colour: '#D55E00', dash: '4 3' },
  { key: 'after', title: 'after temperature scaling', colour: '#0072B2', dash: undefined },
] as const;

/** The plot plus a table of the bins for screen readers. */
export function CalibrationPlot({ calibration }: CalibrationPlotProps) {
  if (!calibration || typeof calibration !== 'object') return <NotAvailable what="Calibration" />;
  const s = unitScales(SIZE, AXES.margin);
  const T = num(calibration.temperature);
  const series = SERIES.map((x) => ({ ...x, side: calibration[x.key], pts: reliabilityPoints(calibration[x.key]?.bins) }));
  if (series.every((x) => x.pts.length === 0)) return <NotAvailable what="Calibration" />;
  return (
    <figure className="card-calibration">
      <UnitSquareChart
        className="card-calibration-svg"
        size={SIZE}
        axes={AXES}
        label={`Reliability diagram: expected calibration error ${series.map((x) => `${x.title} ${pct(x.side?.ece)}`).join(', ')}`}
        xTitle="confidence"
        yTitle="accuracy"
      >
        {series.map((x) => (
          <g key={x.key} className={`card-calibration-series card-calibration-series--${x.key}`}>
            <polyline points={x.pts.map(([c, a]) => `${s.x(c)},${s.y(a)}`).join(' ')} fill="none" stroke={x.colour} strokeWidth={2} strokeDasharray={x.dash} />
            {x.pts.map(([c, a], i) =>
              x.key === 'before' ? (
                <rect key={i} x={s.x(c) - 3} y={s.y(a) - 3} width={6} height={6} fill={x.colour} />
              ) : (
                <circle key={i} cx={s.x(c)} cy={s.y(a)} r={3.5} fill={x.colour} />
              ),
            )}
          </g>
        ))}
      </UnitSquareChart>
      <figcaption className="card-calibration-caption">
        <ul className="card-calibration-legend">
          {series.map((x) => (
            <li key={x.key}>
              <span className="card-swatch" style={{ background: x.colour }} aria-hidden="true" /> {x.title}: ECE {pct(x.side?.ece)}
            </li>
          ))}
        </ul>
        {T !== undefined ? `Temperature T = ${T.toFixed(3)}` : 'Temperature: not available'}
        {calibration.fitted_on ? `, fitted on the ${calibration.fitted_on}` : ''}. Points on the diagonal mean a stated confidence of 80% is right 80% of the
        time.
      </figcaption>
      <details className="card-calibration-details">
        <summary>Reliability bins as a table</summary>
        <TableScroll label="Reliability bins">
          <table className="card-table">
            <thead>
              <tr>
                <th scope="col">Series</th>
                <th scope="col">Mean confidence</th>
                <th scope="col">Accuracy</th>
                <th scope="col">Images</th>
              </tr>
            </thead>
            <tbody>
              {series.flatMap((x) =>
                x.pts.map(([c, a, n], i) => (
                  <tr key={`${x.key}-${i}`}>
                    <th scope="row">{x.title}</th>
                    <td>{pct(c)}</td>
                    <td>{pct(a)}</td>
                    <td>{n}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
        </TableScroll>
      </details>
    </figure>
  );
}
