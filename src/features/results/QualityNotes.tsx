/** What is wrong with the photo and how to retake it, shown beside any result. */
import type { QualityReport } from '../../core/quality';
import { Notice } from '../../ui/Notice';

/** Props of {@link QualityNotes}. */
export interface QualityNotesProps {
  quality: QualityReport;
}

/** The notes, or nothing when the photo passed every check. */
export function QualityNotes({ quality }: QualityNotesProps) {
  if (quality.issues.length === 0) return null;
  return (
    <Notice tone="warning" testId="quality-issues">
      <p className="notice-title">Photo quality: the result below may be less reliable.</p>
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
