/** Zoomable sunburst of the aggregated taxonomy: one focusable <path> per node, labelled where it has room, the focus as a centre button. */
import { useMemo, useState, type KeyboardEvent } from 'react';
import type { AggregatedNode } from '../../core/taxonomy';
import { findNode } from '../../core/taxonomy';
import { formatPercent } from '../../core/format';
import { ChartFrame } from '../../ui/ChartFrame';
import { arcColour, layoutSunburst } from './layout';
import { arcLabels, fitCentre, inkOn } from './labels';
import { SunburstLabels } from './SunburstLabels';
import './sunburst.css';

/** Props of {@link Sunburst}. */
export interface SunburstProps {
  /** The aggregated taxonomy (from `aggregate()`); its root is drawn as the centre disc. */
  root: AggregatedNode;
  /** Id of the node the page has selected, highlighted and named in the centre. */
  selectedId: string | undefined;
  /** Called with a node id when the user clicks it or presses Enter/Space on it. */
  onSelect: (id: string) => void;
  /** Diameter of the drawing in CSS pixels (the SVG scales with its container). */
  size?: number;
}

/** Share of the radius the centre disc takes: room for a group's name ("Malignant or premalignant") on three lines. */
const CENTRE = 0.3;

const activate = (e: KeyboardEvent, run: () => void): void => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    run();
  }
};

/** The sunburst. Clicking a node with children also zooms into it; clicking the centre zooms back out. */
export function Sunburst({ root, selectedId, onSelect, size = 320 }: SunburstProps) {
  const [focusId, setFocusId] = useState<string | undefined>(undefined);
  const [hoverId, setHoverId] = useState<string | undefined>(undefined);
  const radius = size / 2;
  const layout = useMemo(() => layoutSunburst(root, { radius, focusId, centreFraction: CENTRE }), [root, radius, focusId]);
  const labels = useMemo(() => arcLabels(layout.arcs, formatPercent), [layout]);
  const ink = useMemo(() => Object.fromEntries(layout.arcs.map((a) => [a.id, inkOn(arcColour(a.branch, a.depth))])), [layout]);
  const selected = (selectedId !== undefined ? findNode(root, selectedId) : undefined) ?? root;
  const hovered = hoverId !== undefined ? layout.arcs.find((a) => a.id === hoverId) : undefined;
  const describe = (name: string, p: number): string => `${name} ${formatPercent(p)}`;

  const choose = (id: string, hasChildren: boolean): void => {
    if (hasChildren) setFocusId(id === root.id ? undefined : id);
    onSelect(id);
  };
  const zoomOut = (): void => {
    const target = layout.centre.parentId ?? layout.centre.id;
    setFocusId(target === root.id ? undefined : target);
    onSelect(target);
  };
  const centreLabel = describe(selected.name, selected.probability);
  const centreText = fitCentre(selected.name, formatPercent(selected.probability), layout.centre.radius - 2);

  return (
    <figure className="sunburst">
      <ChartFrame
        className="sunburst-svg"
        width={size}
        height={size}
        centred
        role="group"
        label={`Probability by disease group, centred on ${layout.centre.name}`}
      >
        {layout.arcs.map((a) => {
          const label = describe(a.name, a.probability);
          const cls = [
            'sunburst-arc',
            `sunburst-arc--branch-${a.branch}`,
            a.leaf ? 'sunburst-arc--leaf' : '',
            a.id === selectedId ? 'sunburst-arc--selected' : '',
            a.probability === 0 ? 'sunburst-arc--empty' : '',
          ]
            .filter(Boolean)
            .join(' ');
          return (
            <path
              key={a.id}
              className={cls}
              d={a.d}
              fill={arcColour(a.branch, a.depth)}
              tabIndex={0}
              role="button"
              aria-label={label}
              aria-pressed={a.id === selectedId}
              data-id={a.id}
              onClick={() => choose(a.id, !a.leaf)}
              onKeyDown={(e) => activate(e, () => choose(a.id, !a.leaf))}
              onMouseEnter={() => setHoverId(a.id)}
              onMouseLeave={() => setHoverId((h) => (h === a.id ? undefined : h))}
              onFocus={() => setHoverId(a.id)}
              onBlur={() => setHoverId((h) => (h === a.id ? undefined : h))}
            >
              <title>{label}</title>
            </path>
          );
        })}
        <g
          className="sunburst-centre"
          role="button"
          tabIndex={0}
          aria-label={layout.centre.parentId !== undefined ? `${centreLabel}. Zoom out` : `${centreLabel}. Select ${root.name}`}
          onClick={zoomOut}
          onKeyDown={(e) => activate(e, zoomOut)}
        >
          <circle className="sunburst-centre-disc" r={Math.max(0, layout.centre.radius - 2)} />
          <text className="sunburst-centre-name" textAnchor="middle" dominantBaseline="central" fontSize={centreText.fontSize}>
            {centreText.lines.map((line, i) => (
              <tspan key={`${i}-${line}`} x={0} y={centreText.top + i * centreText.step}>
                {line}
              </tspan>
            ))}
          </text>
          <text
            className="sunburst-centre-value"
            textAnchor="middle"
            dominantBaseline="central"
            fontSize={centreText.fontSize}
            y={centreText.top + centreText.lines.length * centreText.step}
          >
            {centreText.value}
          </text>
        </g>
        <SunburstLabels labels={labels} ink={ink} />
      </ChartFrame>
      <figcaption className="sunburst-live" aria-live="polite">
        {hovered ? describe(hovered.name, hovered.probability) : layout.total > 0 ? centreLabel : 'No probabilities to show yet.'}
      </figcaption>
    </figure>
  );
}
