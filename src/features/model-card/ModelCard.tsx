/** The model card: everything public/model/metrics.json says about the model, plus its provenance and limits. */
import { About } from './About';
import { CalibrationPlot } from './CalibrationPlot';
import { ConfusionTable } from './ConfusionTable';
import { CrossClinic } from './CrossClinic';
import { Headline } from './Headline';
import { NotAvailable } from './NotAvailable';
import { PerClassTable } from './PerClassTable';
import { PhotoKindTable } from './PhotoKindTable';
import { Robustness } from './Robustness';
import { RocCharts } from './RocChart';
import type { ModelMetrics } from './types';
import './model-card.css';

/** Props of {@link ModelCard}. */
export interface ModelCardProps {
  /** Parsed metrics.json, or null when it could not be loaded; missing sections render "not available". */
  metrics: ModelMetrics | null;
  /** Display name per model label, from taxonomy.json. */
  names: Readonly<Record<string, string>>;
}

/** Headline numbers, Figure-3 ROC curves, confusion matrix, calibration, per-class table, robustness, about. */
export function ModelCard({ metrics, names }: ModelCardProps) {
  const m: ModelMetrics = metrics && typeof metrics === 'object' ? metrics : {};
  return (
    <article className="card" aria-labelledby="card-title">
      <h2 id="card-title" className="card-title">
        Model card
      </h2>
      {!metrics && <NotAvailable what="Evaluation results (metrics.json)" />}
      <section className="card-section" aria-labelledby="card-h-headline">
        <h3 id="card-h-headline">Headline results on the internal test split</h3>
        <Headline metrics={m} />
      </section>
      <section className="card-section" aria-labelledby="card-h-cross">
        <h3 id="card-h-cross">Inside and outside the training clinics</h3>
        <CrossClinic cross={m.crossClinic} />
      </section>
      <section className="card-section" aria-labelledby="card-h-roc">
        <h3 id="card-h-roc">ROC curves (Esteva et al. Figure 3 tasks, biopsy-proven)</h3>
        <RocCharts tasks={m.roc} names={names} />
      </section>
      <section className="card-section" aria-labelledby="card-h-confusion">
        <h3 id="card-h-confusion">Confusion matrix</h3>
        <ConfusionTable confusion={m.test?.confusion} names={names} />
      </section>
      <section className="card-section" aria-labelledby="card-h-perclass">
        <h3 id="card-h-perclass">Per diagnosis</h3>
        <PerClassTable rows={m.test?.perClass} names={names} />
      </section>
      <section className="card-section" aria-labelledby="card-h-calibration">
        <h3 id="card-h-calibration">Calibration</h3>
        <CalibrationPlot calibration={m.calibration} />
      </section>
      <section className="card-section" aria-labelledby="card-h-photo-kind">
        <h3 id="card-h-photo-kind">What kind of photo it was given</h3>
        <PhotoKindTable photoKind={m.photoKind} />
      </section>
      <section className="card-section" aria-labelledby="card-h-robustness">
        <h3 id="card-h-robustness">Robustness</h3>
        <Robustness metrics={m} />
      </section>
      <section className="card-section" aria-labelledby="card-h-about">
        <h3 id="card-h-about">About this model</h3>
        <About version={m.model?.version} created={m.created} trainedOn={m.model?.trained_on} diagnoses={m.test?.perClass?.length} />
      </section>
    </article>
  );
}
