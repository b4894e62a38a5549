/** The embedding map view (lazy): test images on their t-SNE map, with the user's photo placed among its neighbours; a dot opens its test image. */
import { useMemo, useRef, useState } from 'react';
import { placeAmongNeighbours, type EmbeddingPoint } from '../core/embedding';
import { EmbeddingMap } from '../features/map/EmbeddingMap';
import { MapCase } from '../features/map/MapCase';
import { ClinicalBanner } from '../features/results/ClinicalBanner';
import { shownResult, useStore } from '../store';
import { Notice } from '../ui/Notice';
import { ProgressBar } from '../ui/ProgressBar';
import { useModelJson, useNodeNames } from './useModelJson';

/** The points of embedding.json, or an error saying the file has none. */
function readPoints(json: unknown): EmbeddingPoint[] {
  const points = (json as { points?: unknown } | null)?.points;
  if (!Array.isArray(points)) throw new Error('embedding.json has no points');
  return points as EmbeddingPoint[];
}

/** The view. */
export default function MapView() {
  const info = useStore((s) => s.info);
  const status = useStore((s) => s.status);
  const load = useModelJson('embedding.json', readPoints, 'The map could not be loaded');
  const names = useNodeNames();
  const z = shownResult(status)?.prediction.z ?? null;
  const clinical = status.kind === 'done' && status.display.kind === 'clinical-shown';
  const [opened, setOpened] = useState<number | null>(null);
  const mapRef = useRef<HTMLDivElement>(null);
  // Closing the test image gives the focus back to its dot.
  const close = (): void => {
    const i = opened;
    setOpened(null);
    requestAnimationFrame(() => (mapRef.current?.querySelector(`[data-index="${i}"]`) as SVGElement | null)?.focus());
  };
  const user = useMemo(() => {
    if (load.kind !== 'done' || !z) return null;
    try {
      return placeAmongNeighbours(z, load.value);
    } catch {
      return null;
    }
  }, [load, z]);

  return (
    <section className="map-view" aria-labelledby="map-heading">
      <h2 id="map-heading">Where your photo lies among the test images</h2>
      {clinical && <ClinicalBanner view="map" />}
      <p className="hint">
        Each dot is one photo from the model's test set, placed so that photos the model finds similar are close together. Your photo (if any) is placed among
        the ten test photos it is most similar to.
      </p>
      {load.kind === 'loading' && <ProgressBar value={null} label="Loading the map" />}
      {load.kind === 'error' && <Notice tone="error">{load.message}</Notice>}
      {load.kind === 'done' && info && (
        <div className="map-and-case" ref={mapRef}>
          <EmbeddingMap points={load.value} labels={info.metadata.labels} names={names} user={user} selected={opened} onSelect={setOpened} />
          {opened !== null && <MapCase index={opened} z={z} labels={info.metadata.labels} names={names} onClose={close} />}
        </div>
      )}
      {!z && <p className="hint">Analyse a skin-spot photo to see it on the map.</p>}
    </section>
  );
}
