/**
 * The box every model-card table sits in: on a narrow screen a table wider than the column scrolls sideways inside
 * it, never the page. Focusable, so a keyboard can scroll it too (axe: scrollable-region-focusable).
 */
import type { ReactNode } from 'react';

/** Props of {@link TableScroll}. */
export interface TableScrollProps {
  /** What the table shows, for the box's accessible name. */
  label: string;
  children: ReactNode;
}

/** The box. */
export function TableScroll({ label, children }: TableScrollProps) {
  return (
    <div className="card-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
