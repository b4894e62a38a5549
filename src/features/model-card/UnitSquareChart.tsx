/** The square plot of the ROC and reliability charts: both axes from 0 to 1, a frame, the diagonal and axis titles. */
import type { ReactNode } from 'react';
import { ChartFrame } from '../../ui/ChartFrame';
import { unitScales } from './format';

/** Props of {@link UnitSquareChart}. */
export interface UnitSquareChartProps {
  /** Class of the <svg>. */
  className: string;
  /** Side of the drawing in SVG units. */
  size: number;
  /** Room for ticks and axis titles on each side. */
  margin: number;
  /** The chart's accessible name. */
  label: string;
  /** Title under the x axis. */
  xTitle: string;
  /** Title beside the y axis. */
  yTitle: string;
  /** Values to mark on both axes; none by default. */
  ticks?: readonly number[];
  /** The marks, drawn over the frame and the diagonal (use unitScales(size, margin) to place them). */
  children: ReactNode;
}

/** Frame, diagonal (chance or perfect calibration), the marks, ticks and axis titles. */
export function UnitSquareChart({ className, size, margin, label, xTitle, yTitle, ticks = [], children }: UnitSquareChartProps) {
  const s = unitScales(size, margin);
  return (
    <ChartFrame className={className} width={size} height={size} label={label}>
      <rect className="card-plot-frame" x={s.x(0)} y={s.y(1)} width={s.x(1) - s.x(0)} height={s.y(0) - s.y(1)} />
      <line className="card-plot-chance" x1={s.x(0)} y1={s.y(0)} x2={s.x(1)} y2={s.y(1)} />
      {children}
      {ticks.map((v) => (
        <g key={v}>
          <text className="card-plot-tick" x={s.x(v)} y={size - margin + 12} textAnchor="middle">
            {v}
          </text>
          <text className="card-plot-tick" x={margin - 4} y={s.y(v) + 3} textAnchor="end">
            {v}
          </text>
        </g>
      ))}
      <text className="card-plot-axis" x={size / 2} y={size - 4} textAnchor="middle">
        {xTitle}
      </text>
      <text className="card-plot-axis" transform={`translate(10 ${size / 2}) rotate(-90)`} textAnchor="middle">
        {yTitle}
      </text>
    </ChartFrame>
  );
}
