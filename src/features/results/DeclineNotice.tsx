/**
 * A declined photo: what inside the square is not a skin spot the model can read, and the next step (the rule's
 * `retake`, core/next-step.ts). The model reads only the square, so a spot elsewhere in the photo, or small in it,
 * is declined too: moving or resizing the square comes first.
 */
import { Notice } from '../../ui/Notice';

/** The notice. */
export function DeclineNotice() {
  return (
    <Notice tone="warning" testId="out-of-scope">
      <p className="notice-title">What is inside the square does not look like a photo of a skin spot; no result shown.</p>
      <p>The model reads only the square, and it only knows close-ups of single skin spots.</p>
      <div className="next-step" data-testid="decline-next-step">
        <p>
          <strong>Next step:</strong>
        </p>
        <ul>
          <li>
            If the spot is elsewhere in the photo, or small in it, drag the square onto the spot and drag a corner to make it smaller, so that the spot fills
            most of it. The page reads the square again when you let go.
          </li>
          <li>Otherwise retake a close-up of the one spot, through a dermatoscope or a clip-on dermatoscope lens if you have one.</li>
          <li>If you are worried about a spot, see a doctor: this is not a diagnosis.</li>
        </ul>
      </div>
    </Notice>
  );
}
