/** The embedding map view (lazy): test images on their t-SNE map, with the user's photo placed among its neighbours. */
import { useEffect, useMemo, useState } from 'react';
import { placeAmongNeighbours, type EmbeddingPoint } from '../core/embedding';
import { allNodes } from '../core/taxonomy';
import { EmbeddingMap } from '../features/map/EmbeddingMap';
import { ClinicalBanner } from '../features/results/ClinicalBanner';
import { shownResult, useStore } from '../store';
import { Notice } from '../ui/Notice';
import { ProgressBar } from '../ui/ProgressBar';

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; points: EmbeddingPoint[] };

/** The view. */
export default function MapView() {
  const info = useStore((s) => s.info);
  const status = useStore((s) => s.status);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  useEffect(() => {
    const ac = new AbortController();
    fetch(`${import.meta.env.BASE_URL}model/embedding.json`, { signal: ac.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`embedding.json: HTTP ${r.status}`))))
      .then((j: { points?: EmbeddingPoint[] }) => {
        if (!Array.isArray(j.points)) throw new Error('embedding.json has no points');
        setLoad({ kind: 'done', points: j.points });
      })
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setLoad({ kind: 'error', message: `The map could not be loaded: ${e instanceof Error ? e.message : String(e)}` });
      });
    return () => ac.abort();
  }, []);
  const names = useMemo(() => Object.fromEntries(info ? allNodes(info.taxonomy.root).map((n) => [n.id, n.name]) : []), [info]);
  const z = shownResult(status)?.prediction.z ?? null;
  const clinical = status.kind === 'done' && status.display.kind === 'clinical-shown';
  const user = useMemo(() => {
    if (load.kind !== 'done' || !z) return null;
    try {
      return placeAmongNeighbours(z, load.points);
    } catch {
      return null;
    }
  }, [load, z]);

  return (
    <section className="map-view" aria-labelledby="map-heading">
      <h2 id="map-heading">Where your photo lies among the test images</h2>
      {clinical && <ClinicalBanner view="map" />}
      <p className="hint">
        Each dot is one photo from the model's test set, placed so that photos the model finds similar are close together. Your photo (if any) is placed among the
        ten test photos it is most similar to.
      </p>
      {load.kind === 'loading' && <ProgressBar value={null} label="Loading the map" />}
      {load.kind === 'error' && <Notice tone="error">{load.message}</Notice>}
      {load.kind === 'done' && info && <EmbeddingMap points={load.points} labels={info.metadata.labels} names={names} user={user} />}
      {!z && <p className="hint">Analyse a skin-spot photo to see it on the map.</p>}
    </section>
  );
}
