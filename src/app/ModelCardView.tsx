/**
 * The model card view (lazy): loads public/model/metrics.json with the measuring steps' reports beside it, and shows
 * what they say, including what is missing.
 */
import { useMemo } from 'react';
import { ModelCard } from '../features/model-card/ModelCard';
import { mergeReports, REPORT_FILES } from '../features/model-card/reports';
import { RetrievalCard, type Retrieval } from '../features/similar/RetrievalCard';
import type { ModelMetrics } from '../features/model-card/types';
import { Notice } from '../ui/Notice';
import { ProgressBar } from '../ui/ProgressBar';
import { type ModelJsonLoad, useModelJson, useNodeNames, usePublicJson } from './useModelJson';

/** metrics.json as it is: the model card reads every field defensively and says what is missing. */
const readMetrics = (json: unknown): ModelMetrics => json as ModelMetrics;
/** A report as it is: merged into the metrics, where the card checks the fields it shows. */
const readReport = (json: unknown): unknown => json;
/** retrieval.json as it is: RetrievalTable checks the fields it shows. */
const readRetrieval = (json: unknown): Retrieval => json as Retrieval;

/** A report that could not be loaded leaves its section "not available". */
const loaded = (load: ModelJsonLoad<unknown>): unknown => (load.kind === 'done' ? load.value : undefined);

/** The view. */
export default function ModelCardView() {
  const load = useModelJson('metrics.json', readMetrics, 'The evaluation results could not be loaded');
  const cross = useModelJson(REPORT_FILES.crossClinic, readReport, 'The cross-clinic report could not be loaded');
  const kinds = useModelJson(REPORT_FILES.photoKind, readReport, 'The photo-kind report could not be loaded');
  const names = useNodeNames();
  const retrieval = usePublicJson('cases/retrieval.json', readRetrieval, 'The similar-cases evaluation could not be loaded');
  const loading = load.kind === 'loading' || cross.kind === 'loading' || kinds.kind === 'loading';
  const metrics = useMemo(
    () => (load.kind === 'done' ? mergeReports(load.value, { crossClinic: loaded(cross), photoKind: loaded(kinds) }) : null),
    [load, cross, kinds],
  );
  return (
    <section className="model-card-view" aria-label="Model card">
      {loading && <ProgressBar value={null} label="Loading the model card" />}
      {load.kind === 'error' && <Notice tone="error">{load.message}</Notice>}
      {!loading && <ModelCard metrics={metrics} names={names} />}
      {!loading && <RetrievalCard retrieval={retrieval.kind === 'loading' ? undefined : retrieval.kind === 'done' ? retrieval.value : null} />}
    </section>
  );
}
