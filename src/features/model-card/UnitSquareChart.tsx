/** The square plot of the ROC and reliability charts: both axes from 0 to 1, a frame, the diagonal, tick values and axis titles. */
import type { ReactNode } from 'react';
import { ChartFrame } from '../../ui/ChartFrame';
import { type AxisLayout, unitScales } from './format';

/** Props of {@link UnitSquareChart}. */
export interface UnitSquareChartProps {
  /** Class of the <svg>. */
  className: string;
  /** Side of the drawing in SVG units. */
  size: number;
  /** Margins, ticks and titles' places, from axisLayout(size, ticks, format). */
  axes: AxisLayout;
  /** The chart's accessible name. */
  label: string;
  /** Title under the x axis. */
  xTitle: string;
  /** Title beside the y axis. */
  yTitle: string;
  /** The marks, drawn over the frame and the diagonal (use unitScales(size, axes.margin) to place them). */
  children: ReactNode;
}

/** Frame, diagonal (chance or perfect calibration), the marks, tick values on both axes and axis titles. */
export function UnitSquareChart({ className, size, axes, label, xTitle, yTitle, children }: UnitSquareChartProps) {
  const s = unitScales(size, axes.margin);
  return (
    <ChartFrame className={className} width={size} height={size} label={label}>
      <rect className="card-plot-frame" x={s.x(0)} y={s.y(1)} width={s.x(1) - s.x(0)} height={s.y(0) - s.y(1)} />
      {axes.xTicks.map((t) => (
        <line key={`gx-${t.value}`} className="card-plot-grid" x1={t.x} x2={t.x} y1={s.y(0)} y2={s.y(1)} />
      ))}
      {axes.yTicks.map((t) => (
        <line key={`gy-${t.value}`} className="card-plot-grid" x1={s.x(0)} x2={s.x(1)} y1={t.y} y2={t.y} />
      ))}
      <line className="card-plot-chance" x1={s.x(0)} y1={s.y(0)} x2={s.x(1)} y2={s.y(1)} />
      {children}
      {axes.xTicks.map((t) => (
        <text key={`x-${t.value}`} className="card-plot-tick" x={t.x} y={t.y} fontSize={axes.tickFont} textAnchor="middle" dominantBaseline="central">
          {t.label}
        </text>
      ))}
      {axes.yTicks.map((t) => (
        <text key={`y-${t.value}`} className="card-plot-tick" x={t.x} y={t.y} fontSize={axes.tickFont} textAnchor="end" dominantBaseline="central">
          {t.label}
        </text>
      ))}
      <text className="card-plot-axis" x={axes.xTitle.x} y={axes.xTitle.y} fontSize={axes.titleFont} textAnchor="middle" dominantBaseline="central">
        {xTitle}
      </text>
      <text
        className="card-plot-axis"
        transform={`translate(${axes.yTitle.x} ${axes.yTitle.y}) rotate(-90)`}
        fontSize={axes.titleFont}
        textAnchor="middle"
        dominantBaseline="central"
      >
        {yTitle}
      </text>
    </ChartFrame>
  );
}
