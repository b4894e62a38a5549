/** The model card view (lazy): loads public/model/metrics.json and shows what it says, including what is missing. */
import { useEffect, useMemo, useState } from 'react';
import { allNodes } from '../core/taxonomy';
import { ModelCard } from '../features/model-card/ModelCard';
import type { ModelMetrics } from '../features/model-card/types';
import { useStore } from '../store';
import { Notice } from '../ui/Notice';
import { ProgressBar } from '../ui/ProgressBar';

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'done'; metrics: ModelMetrics };

/** The view. */
export default function ModelCardView() {
  const info = useStore((s) => s.info);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  useEffect(() => {
    const ac = new AbortController();
    fetch(`${import.meta.env.BASE_URL}model/metrics.json`, { signal: ac.signal })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`metrics.json: HTTP ${r.status}`))))
      .then((metrics: ModelMetrics) => setLoad({ kind: 'done', metrics }))
      .catch((e: unknown) => {
        if (!ac.signal.aborted) setLoad({ kind: 'error', message: `The evaluation results could not be loaded: ${e instanceof Error ? e.message : String(e)}` });
      });
    return () => ac.abort();
  }, []);
  const names = useMemo(() => Object.fromEntries(info ? allNodes(info.taxonomy.root).map((n) => [n.id, n.name]) : []), [info]);
  return (
    <section className="model-card-view" aria-label="Model card">
      {load.kind === 'loading' && <ProgressBar value={null} label="Loading the model card" />}
      {load.kind === 'error' && <Notice tone="error">{load.message}</Notice>}
      {load.kind !== 'loading' && <ModelCard metrics={load.kind === 'done' ? load.metrics : null} names={names} />}
    </section>
  );
}
