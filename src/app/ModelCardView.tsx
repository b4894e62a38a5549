/** The model card view (lazy): loads public/model/metrics.json and shows what it says, including what is missing. */
import { ModelCard } from '../features/model-card/ModelCard';
import { RetrievalCard, type Retrieval } from '../features/similar/RetrievalCard';
import type { ModelMetrics } from '../features/model-card/types';
import { Notice } from '../ui/Notice';
import { ProgressBar } from '../ui/ProgressBar';
import { useModelJson, useNodeNames, usePublicJson } from './useModelJson';

/** metrics.json as it is: the model card reads every field defensively and says what is missing. */
const readMetrics = (json: unknown): ModelMetrics => json as ModelMetrics;
/** retrieval.json as it is: RetrievalTable checks the fields it shows. */
const readRetrieval = (json: unknown): Retrieval => json as Retrieval;

/** The view. */
export default function ModelCardView() {
  const load = useModelJson('metrics.json', readMetrics, 'The evaluation results could not be loaded');
  const names = useNodeNames();
  const retrieval = usePublicJson('cases/retrieval.json', readRetrieval, 'The similar-cases evaluation could not be loaded');
  return (
    <section className="model-card-view" aria-label="Model card">
      {load.kind === 'loading' && <ProgressBar value={null} label="Loading the model card" />}
      {load.kind === 'error' && <Notice tone="error">{load.message}</Notice>}
      {load.kind !== 'loading' && <ModelCard metrics={load.kind === 'done' ? load.value : null} names={names} />}
      {load.kind !== 'loading' && <RetrievalCard retrieval={retrieval.kind === 'loading' ? undefined : retrieval.kind === 'done' ? retrieval.value : null} />}
    </section>
  );
}
