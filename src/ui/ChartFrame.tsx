/**
 * The outer frame of every SVG chart: a fixed-size drawing with an accessible name, read as one image, or as a group
 * when its marks are buttons (the sunburst).
 */
import type { KeyboardEventHandler, MouseEventHandler, ReactNode } from 'react';

/** Props of {@link ChartFrame}. */
export interface ChartFrameProps {
  /** Class of the <svg> (the chart's stable class prefix). */
  className: string;
  /** Drawing width in SVG units (also its CSS size unless styled). */
  width: number;
  /** Drawing height in SVG units. */
  height: number;
  /** What the chart shows: read out instead of its marks (img), or before them (group). */
  label: string;
  /** 'group' when the marks themselves are interactive; default 'img'. */
  role?: 'img' | 'group';
  /** Puts (0, 0) at the centre of the drawing instead of its top left corner (for radial charts). */
  centred?: boolean;
  /** The marks. */
  children: ReactNode;
  /** Click and key handlers of a chart whose marks are buttons, delegated to the frame (one pair for 1,469 dots). */
  onClick?: MouseEventHandler<SVGSVGElement>;
  onKeyDown?: KeyboardEventHandler<SVGSVGElement>;
}

/** An <svg> with a viewBox of width x height. */
export function ChartFrame({ className, width, height, label, role = 'img', centred = false, children, onClick, onKeyDown }: ChartFrameProps) {
  const viewBox = centred ? `${-width / 2} ${-height / 2} ${width} ${height}` : `0 0 ${width} ${height}`;
  return (
    <svg className={className} viewBox={viewBox} width={width} height={height} role={role} aria-label={label} onClick={onClick} onKeyDown={onKeyDown}>
      {children}
    </svg>
  );
}
