/**
 * Says so when the person and the photo-kind check disagree about how the photo was taken, that the page follows the
 * safer reading (an ordinary-camera photo, its result held back), and how to change what was said.
 */
import type { PhotoDecision, PhotoOrigin } from '../../core/photo-decision';
import { Notice } from '../../ui/Notice';

/** Props of {@link DisagreementNote}. */
export interface DisagreementNoteProps {
  /** The decision on screen; nothing is shown unless it records a disagreement. */
  decision: Pick<PhotoDecision, 'disagreement' | 'statement'>;
  /** Where the photo came from: the control to change is the files' choice or the camera's checkbox. */
  origin: PhotoOrigin;
}

/** The note, or nothing. */
export function DisagreementNote({ decision, origin }: DisagreementNoteProps) {
  if (!decision.disagreement) return null;
  const camera = origin === 'camera';
  const saidDermatoscope = decision.statement === 'dermoscopic';
  const said = saidDermatoscope
    ? camera
      ? 'The camera is marked as having a dermatoscope attached'
      : 'You said this photo was taken through a dermatoscope'
    : camera
      ? 'The camera is marked as having no dermatoscope attached'
      : 'You said this photo was taken with an ordinary camera';
  const check = saidDermatoscope ? 'it was taken with an ordinary camera' : 'it was taken through a dermatoscope';
  return (
    <Notice tone="warning" testId="photo-kind-disagreement">
      <p>
        <strong>
          {said}, but the page's check thinks {check}.
        </strong>{' '}
        The page follows the safer reading: a photo taken without a dermatoscope, whose result is held back.
      </p>
      {!saidDermatoscope && (
        <p>
          If a dermatoscope was used,{' '}
          {camera ? 'tick “A dermatoscope is attached to the camera” above the photo.' : 'choose “Through a dermatoscope” above the photo.'}
        </p>
      )}
    </Notice>
  );
}
