/** A photo of skin taken without a dermatoscope: why the model cannot judge it, what to do instead, and a way to see its guess anyway. */
import type { DecisionReason } from '../../core/photo-decision';

/** Props of {@link ClinicalNotice}. */
export interface ClinicalNoticeProps {
  /** Why the photo is read as clinical: the person said so, or the check thinks so. */
  reason: DecisionReason;
  /** "Show the model's guess anyway": reveals the held-back result under a warning. */
  onShowAnyway: () => void;
}

/** The ABCDE warning signs of melanoma, as dermatology patient leaflets list them. */
const ABCDE = [
  ['A', 'Asymmetry', 'the two halves of the spot do not match'],
  ['B', 'Border', 'a ragged, notched or blurred edge'],
  ['C', 'Colour', 'several colours or shades: brown, black, red, white or blue'],
  ['D', 'Diameter', 'wider than about 6 mm (a pencil eraser)'],
  ['E', 'Evolving', 'changing in size, shape or colour, or itching, bleeding or crusting'],
] as const;

/** The explanation, with the result held back. */
export function ClinicalNotice({ reason, onShowAnyway }: ClinicalNoticeProps) {
  return (
    <section className="notice notice-warning clinical-notice" data-testid="clinical-photo" aria-labelledby="clinical-title">
      <div className="notice-body">
        <h3 id="clinical-title" className="notice-title">
          {reason === 'stated-clinical'
            ? 'A photo taken with an ordinary camera, without a dermatoscope; no result shown.'
            : 'This looks like a photo of skin taken without a dermatoscope; no result shown.'}
        </h3>
        <p>
          This model was trained only on dermatoscope images: magnified, evenly lit, without glare. It cannot judge a photo like this one reliably, so it gives
          no result for it.
        </p>
        <p className="clinical-subtitle">What to do instead</p>
        <ul>
          <li>Take the photo through a dermatoscope, or a clip-on dermatoscope lens for a phone, and try again.</li>
          <li>Or show the spot to a doctor (your GP or a dermatologist).</li>
        </ul>
        <p className="clinical-subtitle">See a doctor soon, whatever any app says, if the spot shows any of these warning signs (ABCDE):</p>
        <ul className="abcde" data-testid="abcde">
          {ABCDE.map(([letter, name, what]) => (
            <li key={letter}>
              <strong>
                {letter}: {name}
              </strong>{' '}
              – {what}
            </li>
          ))}
        </ul>
        <p>Also see a doctor about a new spot that looks different from your other moles, or a sore that does not heal.</p>
        <p>
          <button type="button" className="secondary" data-testid="show-anyway" onClick={onShowAnyway}>
            Show the model's guess anyway (for teaching, unreliable for this kind of photo)
          </button>
        </p>
      </div>
    </section>
  );
}
