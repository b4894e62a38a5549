/** The sunburst's curved arc labels (labels.ts decides which fit): text on paths, hidden from screen readers (the arcs carry the same words). */
import { useId } from 'react';
import type { ArcLabel } from './labels';
import { labelPath } from './labels';

/** Props of {@link SunburstLabels}. */
export interface SunburstLabelsProps {
  labels: readonly ArcLabel[];
  /** Text colour per arc id (black or white on its fill). */
  ink: Readonly<Record<string, string>>;
}

/** One <text> per line, along a path of the line's radius. */
export function SunburstLabels({ labels, ink }: SunburstLabelsProps) {
  // useId's characters (colons, guillemets) are awkward in a url(#…) fragment: keep letters, digits and dashes.
  const prefix = `sb${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const pathId = (id: string, i: number): string => `${prefix}-${id}-${i}`;
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <g> of <text> is not focusable (Biome misreads SVG); hidden because each arc's aria-label says the same
    <g className="sunburst-labels" aria-hidden="true">
      <defs>
        {labels.flatMap((l) => l.lines.map((line, i) => <path key={pathId(l.id, i)} id={pathId(l.id, i)} d={labelPath(l.a0, l.a1, line.radius, l.flipped)} />))}
      </defs>
      {labels.flatMap((l) =>
        l.lines.map((line, i) => (
          <text key={pathId(l.id, i)} className="sunburst-label" data-id={l.id} fontSize={l.fontSize} fill={ink[l.id] ?? '#000'}>
            <textPath href={`#${pathId(l.id, i)}`} startOffset="50%" textAnchor="middle" dominantBaseline="central">
              {line.text}
            </textPath>
          </text>
        )),
      )}
    </g>
  );
}
