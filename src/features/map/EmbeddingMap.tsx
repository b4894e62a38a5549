/**
 * Scatter of the internal test images on their t-SNE map, coloured by diagnosis, with the user's photo placed.
 * With `onSelect`, every dot is a button: click or tap it (or beside it), or Tab to the map and move between dots
 * with the arrow keys and open one with Enter or Space.
 */
import { type KeyboardEvent, type MouseEvent, useMemo, useState } from 'react';
import type { EmbeddingPoint, Neighbour } from '../../core/embedding';
import { ChartFrame } from '../../ui/ChartFrame';
import { type Direction, labelColour, layoutMap, nearestDot, neighbourSummary, stepDot } from './layout';
import './map.css';

/** Props of {@link EmbeddingMap}. */
export interface EmbeddingMapProps {
  /** Points of public/model/embedding.json (z is not needed to draw). */
  points: readonly Pick<EmbeddingPoint, 'x' | 'y' | 'label'>[];
  /** Model labels in output order; fixes each label's colour. */
  labels: readonly string[];
  /** Display name per label, from taxonomy.json. */
  names: Readonly<Record<string, string>>;
  /** Where the user's photo lands (e.g. placeAmongNeighbours()); with neighbours, a summary sentence is shown. */
  user: { x: number; y: number; neighbours?: readonly Neighbour[] } | null;
  /** Index of the opened test image, marked on the map. */
  selected?: number | null;
  /** Called with a point's index when the user opens it; without it the dots are not interactive. */
  onSelect?: (index: number) => void;
  /** Drawing width in SVG units. */
  width?: number;
  /** Drawing height in SVG units. */
  height?: number;
}

/** How far from a dot (SVG units) a click or tap still opens it: a finger is wider than a 3-unit dot. */
const REACH = 12;

const KEYS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

/** The map, its legend and a text summary of the photo's neighbours. */
export function EmbeddingMap({ points, labels, names, user, selected = null, onSelect, width = 420, height = 420 }: EmbeddingMapProps) {
  const placed = useMemo(() => layoutMap(points, user, width, height), [points, user, width, height]);
  const present = useMemo(() => {
    const seen = new Set(points.map((p) => p.label));
    const ordered = labels.filter((l) => seen.has(l));
    const extra = [...seen].filter((l) => !labels.includes(l)).sort();
    return [...ordered, ...extra];
  }, [points, labels]);
  const byIndex = useMemo(() => new Map(placed.points.map((p) => [p.index, p])), [placed]);
  // The one dot in the tab order: the opened one, else the nearest test image to the photo, else the middle one.
  const [cursor, setCursor] = useState<number | null>(null);
  const start = cursor ?? selected ?? user?.neighbours?.[0]?.index ?? nearestDot(placed.points, width / 2, height / 2, Number.POSITIVE_INFINITY)?.index;
  const focused = start !== undefined ? byIndex.get(start) : undefined;
  const summary = user?.neighbours ? neighbourSummary(user.neighbours, names) : null;

  if (points.length === 0) {
    return (
      <figure className="map">
        <p className="map-empty">The map of test images is not available.</p>
      </figure>
    );
  }
  const indexOf = (target: EventTarget): number | null => {
    const i = (target as Element).getAttribute?.('data-index');
    return i === null || i === undefined ? null : Number(i);
  };
  const onClick = (e: MouseEvent<SVGSVGElement>): void => {
    if (!onSelect) return;
    let i = indexOf(e.target);
    if (i === null) {
      // A tap beside the dots: the nearest one within reach, in drawing units.
      const svg = e.currentTarget;
      const m = svg.getScreenCTM?.();
      if (!m) return;
      const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
      i = nearestDot(placed.points, p.x, p.y, REACH)?.index ?? null;
    }
    if (i === null) return;
    setCursor(i);
    onSelect(i);
  };
  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>): void => {
    const i = indexOf(e.target);
    const from = i === null ? undefined : byIndex.get(i);
    if (!onSelect || !from) return;
    const dir = KEYS[e.key];
    if (dir) {
      e.preventDefault();
      const to = stepDot(placed.points, from, dir);
      setCursor(to.index);
      (e.currentTarget.querySelector(`[data-index="${to.index}"]`) as SVGElement | null)?.focus();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(from.index);
    }
  };
  const opened = selected !== null ? byIndex.get(selected) : undefined;
  return (
    <figure className="map">
      <ChartFrame
        className={`map-svg${onSelect ? ' map-svg--interactive' : ''}`}
        width={width}
        height={height}
        role={onSelect ? 'group' : 'img'}
        label={`Map of ${points.length} test images grouped by similarity as the model sees them${placed.user ? ', with your photo marked' : ''}${onSelect ? '. Arrow keys move between test images; Enter opens one' : ''}`}
        onClick={onClick}
        onKeyDown={onKeyDown}
      >
        <g className="map-points">
          {placed.points.map((p) => (
            <circle
              key={p.index}
              className={`map-point map-point--${p.label}`}
              cx={p.cx}
              cy={p.cy}
              r={3}
              fill={labelColour(p.label, labels)}
              data-index={p.index}
              {...(onSelect
                ? {
                    role: 'button',
                    tabIndex: p.index === focused?.index ? 0 : -1,
                    'aria-label': `Test image ${p.index + 1}: ${names[p.label] ?? p.label}`,
                    'aria-pressed': p.index === selected,
                    onFocus: () => setCursor(p.index),
                  }
                : {})}
            />
          ))}
        </g>
        {opened && <circle className="map-opened" cx={opened.cx} cy={opened.cy} r={7} />}
        {placed.user && (
          <g className="map-user" transform={`translate(${placed.user.cx},${placed.user.cy})`}>
            <circle className="map-user-halo" r={10} />
            <path className="map-user-marker" d="M-7,-7L7,7M-7,7L7,-7" />
            <text className="map-user-label" x={12} y={4}>
              your photo
            </text>
          </g>
        )}
      </ChartFrame>
      <ul className="map-legend" aria-label="Diagnosis colours">
        {present.map((l) => (
          <li key={l} className="map-legend-item">
            <span className="map-legend-swatch" style={{ background: labelColour(l, labels) }} aria-hidden="true" />
            {names[l] ?? l}
          </li>
        ))}
        {placed.user && (
          <li className="map-legend-item map-legend-item--user">
            <span className="map-legend-swatch map-legend-swatch--user" aria-hidden="true">
              ×
            </span>
            your photo
          </li>
        )}
      </ul>
      <figcaption className="map-summary" aria-live="polite">
        {summary ??
          (placed.user
            ? 'Your photo is placed among the test images the model finds most similar.'
            : 'Each dot is a test image; images the model finds similar sit close together.')}
        {onSelect ? ' Click a dot, or use the arrow keys and Enter, to see that test image.' : ''}
      </figcaption>
    </figure>
  );
}
