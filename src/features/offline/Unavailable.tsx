/** What the page says when the teaching cases or the similar cases could not be loaded: plain words and a retry. */
import { Notice } from '../../ui/Notice';
import { problemText, type LoadProblem } from './problem';

/** Props of {@link Unavailable}. */
export interface UnavailableProps {
  /** What could not be loaded, plural and capitalised: "The teaching cases". */
  what: string;
  problem: LoadProblem;
  /** Loads again. */
  onRetry: () => void;
  testId?: string;
}

/** The notice: a warning when the device is offline (nothing is broken), an error otherwise. */
export function Unavailable({ what, problem, onRetry, testId }: UnavailableProps) {
  const text = problemText(what, problem);
  return (
    <Notice tone={problem.kind === 'broken' ? 'error' : 'warning'} testId={testId}>
      <p className="notice-title">{text.title}</p>
      <p>{text.advice}</p>
      <button type="button" className="unavailable-retry" onClick={onRetry}>
        Try again
      </button>
    </Notice>
  );
}
