/** Scatter of the internal test images on their t-SNE map, coloured by diagnosis, with the user's photo placed. */
import { useMemo } from 'react';
import type { EmbeddingPoint, Neighbour } from '../../core/embedding';
import { ChartFrame } from '../../ui/ChartFrame';
import { labelColour, layoutMap, neighbourSummary } from './layout';
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
  /** Drawing width in SVG units. */
  width?: number;
  /** Drawing height in SVG units. */
  height?: number;
}

/** The map, its legend and a text summary of the photo's neighbours. */
export function EmbeddingMap({ points, labels, names, user, width = 420, height = 420 }: EmbeddingMapProps) {
  const placed = useMemo(() => layoutMap(points, user, width, height), [points, user, width, height]);
  const present = useMemo(() => {
    const seen = new Set(points.map((p) => p.label));
    const ordered = labels.filter((l) => seen.has(l));
    const extra = [...seen].filter((l) => !labels.includes(l)).sort();
    return [...ordered, ...extra];
  }, [points, labels]);
  const summary = user?.neighbours ? neighbourSummary(user.neighbours, names) : null;

  if (points.length === 0) {
    return (
      <figure className="map">
        <p className="map-empty">The map of test images is not available.</p>
      </figure>
    );
  }
  return (
    <figure className="map">
      <ChartFrame
        className="map-svg"
        width={width}
        height={height}
        label={`Map of ${points.length} test images grouped by similarity as the model sees them${placed.user ? ', with your photo marked' : ''}`}
      >
        <g className="map-points">
          {placed.points.map((p) => (
            <circle key={p.index} className={`map-point map-point--${p.label}`} cx={p.cx} cy={p.cy} r={3} fill={labelColour(p.label, labels)} />
          ))}
        </g>
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
      </figcaption>
    </figure>
  );
}
