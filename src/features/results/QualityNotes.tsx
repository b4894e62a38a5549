/**
 * What is wrong with the photo and how to retake it. Above a shown result it warns that the result may be less
 * reliable; where no result is shown (declined, or held back) it sits below the notice that says so, as advice for
 * the retake, never as a warning about a result that is not there.
 */
import type { QualityReport } from '../../core/quality';
import { Notice } from '../../ui/Notice';

/** Props of {@link QualityNotes}. */
export interface QualityNotesProps {
  quality: QualityReport;
  /** Whether the model's result is on screen below the notes. */
  resultShown: boolean;
}

/** The notes, or nothing when the photo passed every check. */
export function QualityNotes({ quality, resultShown }: QualityNotesProps) {
  if (quality.issues.length === 0) return null;
  return (
    <Notice tone="warning" testId="quality-issues">
      <p className="notice-title">
        {resultShown ? 'Photo quality: the result below may be less reliable.' : 'Photo quality: fix these when you retake the photo.'}
      </p>
      <ul>
        {quality.issues.map((i) => (
          <li key={i.kind} data-kind={i.kind}>
            {i.message} <strong>How to retake:</strong> {i.advice}
          </li>
        ))}
      </ul>
    </Notice>
  );
}
