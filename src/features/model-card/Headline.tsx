/** Headline numbers: balanced accuracy with its interval, benign-vs-malignant accuracy, split sizes. */
import { num, pct, pctCi } from './format';
import { NotAvailable } from './NotAvailable';
import type { ModelMetrics } from './types';

/** Props of {@link Headline}. */
export interface HeadlineProps {
  /** The whole metrics file (only test, split and model are read). */
  metrics: ModelMetrics;
}

/** A definition list of the figures a reader should see first. */
export function Headline({ metrics }: HeadlineProps) {
  const t = metrics.test;
  // The count of diagnoses the test scored (taxonomy.json's leaves), as the headline names it.
  const over = Array.isArray(t?.perClass) ? `, ${t.perClass.length} diagnoses` : '';
  const splits = metrics.split && typeof metrics.split === 'object' ? Object.entries(metrics.split) : [];
  return (
    <div className="card-headline">
      {t ? (
        <dl className="card-headline-list">
          <div className="card-headline-item">
            <dt>Balanced accuracy{over}</dt>
            <dd>{pctCi(t.balancedAccuracy)}</dd>
          </div>
          <div className="card-headline-item">
            <dt>Accuracy{over}</dt>
            <dd>{pctCi(t.accuracy)}</dd>
          </div>
          <div className="card-headline-item">
            <dt>Benign vs malignant accuracy</dt>
            <dd>{pctCi(t.topLevel?.accuracy)}</dd>
          </div>
          {num(t.topLevel?.malignantSensitivity) !== undefined && (
            <div className="card-headline-item">
              <dt>Malignant sensitivity / benign specificity</dt>
              <dd>
                {pct(t.topLevel?.malignantSensitivity)} / {pct(t.topLevel?.benignSpecificity)}
              </dd>
            </div>
          )}
          <div className="card-headline-item">
            <dt>Second-level group accuracy</dt>
            <dd>{pctCi(t.secondLevel?.accuracy)}</dd>
          </div>
        </dl>
      ) : (
        <NotAvailable what="Test results" />
      )}
      <p className="card-note">Intervals are 95% bootstrap intervals that resample lesions, not images, because one lesion can have several photos.</p>
      {splits.length > 0 ? (
        <p className="card-splits">
          Images (lesions) per split: {splits.map(([k, v]) => `${k} ${num(v?.images) ?? '?'} (${num(v?.lesions) ?? '?'})`).join(', ')}. No lesion appears in
          more than one split.
        </p>
      ) : (
        <NotAvailable what="Split sizes" />
      )}
    </div>
  );
}
