/** The right-hand column: what the app is doing, and the result or why there is none. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useStore } from '../../store';
import type { ResultDisplay, View } from '../../store/types';
import { Notice } from '../../ui/Notice';
import { ProgressBar } from '../../ui/ProgressBar';
import { bringIntoView, firstReveal, type RevealStage } from './bringIntoView';
import { ClinicalBanner } from './ClinicalBanner';
import { ClinicalNotice } from './ClinicalNotice';
import { DeclineNotice } from './DeclineNotice';
import { DisagreementNote } from './DisagreementNote';
import { QualityNotes } from './QualityNotes';
import { ResultView } from './ResultView';
import { SimilarForResult } from '../similar/SimilarForResult';

/** Props of {@link ResultsPanel}. */
export interface ResultsPanelProps {
  onSelectNode: (id: string) => void;
  onOpenView: (v: View) => void;
  /** "Show the model's guess anyway" on a photo taken without a dermatoscope. */
  onShowAnyway: () => void;
}

/** The stage of bringing an outcome into view that a display stands for. */
const stageOf = (d: ResultDisplay): RevealStage => (d.kind === 'clinical-held' ? 'held' : d.kind === 'clinical-shown' ? 'shown' : 'result');

/** The panel; exhaustive switches over the app status and over how a finished result is shown. */
export function ResultsPanel({ onSelectNode, onOpenView, onShowAnyway }: ResultsPanelProps) {
  const status = useStore((s) => s.status);
  const info = useStore((s) => s.info);
  const photo = useStore((s) => s.photo);
  const outcome = useRef<HTMLDivElement>(null);
  const finished = status.kind === 'done' && photo?.id === status.result.photoId ? photo : null;
  const stage = status.kind === 'done' ? stageOf(status.display) : null;
  useEffect(() => {
    if (finished && stage && outcome.current && firstReveal(finished, stage)) bringIntoView(outcome.current);
  }, [finished, stage]);
  let body: ReactNode;
  switch (status.kind) {
    case 'idle':
    case 'loading':
      body = <p className="hint">The model is loading; you can already choose a photo.</p>;
      break;
    case 'ready':
      body = <p className="hint">{photo ? 'Preparing…' : 'Add a photo of one skin spot to see what the model thinks.'}</p>;
      break;
    case 'running':
      body = <ProgressBar value={null} label="Analysing the photo…" />;
      break;
    case 'error':
      body = status.recoverable ? (
        <Notice tone="error" testId="job-error">
          {status.message} Try another photo.
        </Notice>
      ) : null;
      break;
    case 'done': {
      const r = status.result;
      const resultShown = status.display.kind === 'analysed' || status.display.kind === 'clinical-shown';
      const result = info && (
        <>
          <ResultView result={r} photo={photo} labels={info.metadata.labels} onSelectNode={onSelectNode} onOpenView={onOpenView} />
          <SimilarForResult result={r} info={info} />
        </>
      );
      let shown: ReactNode;
      switch (status.display.kind) {
        case 'analysed':
          shown = result;
          break;
        case 'clinical-held':
          shown = <ClinicalNotice reason={r.decision.reason} onShowAnyway={onShowAnyway} />;
          break;
        case 'clinical-shown':
          shown = (
            <>
              <ClinicalBanner view="result" />
              {result}
            </>
          );
          break;
        case 'declined':
          shown = <DeclineNotice />;
          break;
      }
      body = (
        <div className="result-outcome" ref={outcome} tabIndex={-1} role="group" aria-label="Result" data-testid="result-outcome">
          <DisagreementNote decision={r.decision} origin={photo?.id === r.photoId ? photo.origin : 'file'} />
          {resultShown && <QualityNotes quality={r.quality} resultShown />}
          {shown}
          {!resultShown && <QualityNotes quality={r.quality} resultShown={false} />}
        </div>
      );
      break;
    }
  }
  return (
    <section className="results" aria-labelledby="results-heading" aria-busy={status.kind === 'running'}>
      <h2 id="results-heading">2. What the model sees</h2>
      <div aria-live="polite">{body}</div>
    </section>
  );
}
