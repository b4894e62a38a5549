/** Model status line: text, load progress, and behind a disclosure the active backend and why a preferred one was skipped. */
import { progressFraction, statusText, useStore } from '../store';
import { ProgressBar } from '../ui/ProgressBar';

/** Props of {@link StatusBar}. */
export interface StatusBarProps {
  /** Called to retry after a failed load. */
  onRetry: () => void;
  /** A problem with the address (e.g. an unknown ?backend). */
  paramProblem: string | null;
  /** This page's address without ?backend=: where the automatic choice is, when a forced backend cannot start. */
  automaticHref: string;
}

/** The status bar. */
export function StatusBar({ onRetry, paramProblem, automaticHref }: StatusBarProps) {
  const status = useStore((s) => s.status);
  const info = useStore((s) => s.info);
  const switched = useStore((s) => s.backendSwitch);
  const failed = status.kind === 'error' && !status.recoverable;
  const forced = status.kind === 'error' ? status.forcedBackend : undefined;
  return (
    <div className={`status-bar${failed ? ' status-failed' : ''}`}>
      <div className="status-line">
        <span data-testid="status" role="status">
          {statusText(status)}
        </span>
        {info && (
          // Which backend runs the model, and why faster ones were skipped, matter to a developer, not to a reader
          // on a phone: one small disclosure instead of two lines above the result.
          <details className="status-details">
            <summary>Technical details</summary>
            <p>
              Runs on <span data-testid="backend">{info.backend}</span>
              {info.inWorker ? ' in a worker' : ''}
              {info.fromCache ? '; model from this device' : ''}.
            </p>
            {info.fallbacks.length > 0 && <p data-testid="fallbacks">Skipped: {info.fallbacks.join('; ')}</p>}
          </details>
        )}
      </div>
      {status.kind === 'loading' && <ProgressBar value={progressFraction(status)} label="Loading the model" />}
      {switched && (
        <p className="notice" role="alert" data-testid="backend-switched">
          The graphics processor stopped working ({switched.reason}). SkinLens moved the model to {switched.to} and carried on; your photo and result are kept.
          It may be slower.
        </p>
      )}
      {paramProblem && <p className="hint">{paramProblem}</p>}
      {failed && forced && status.kind === 'error' && (
        // Trying the same backend again cannot help: offer the automatic choice, and keep the technical reason.
        <div className="forced-backend" data-testid="forced-backend">
          <p>
            <a className="button primary" href={automaticHref} data-testid="choose-automatically">
              Choose automatically
            </a>{' '}
            The page then picks the fastest way this browser has to run the model.
          </p>
          <p className="hint">Details: {status.message}</p>
        </div>
      )}
      {failed && !forced && (
        <button type="button" onClick={onRetry}>
          Try loading the model again
        </button>
      )}
    </div>
  );
}
