/**
 * How the person's photo files were taken: through a dermatoscope, with an ordinary camera, or not sure (the page's
 * check decides). A native radio group (arrow keys move between options), remembered by the store.
 */
import { useId } from 'react';
import type { PhotoStatement } from '../../core/photo-decision';
import { DermatoscopeHint } from './DermatoscopeHint';
import './capture.css';

/** Props of {@link PhotoKindChoice}. */
export interface PhotoKindChoiceProps {
  /** The current choice. */
  value: PhotoStatement;
  /** Called with the option the person picks. */
  onChange: (value: PhotoStatement) => void;
}

/** The options in the order shown, with their labels. */
export const PHOTO_KIND_OPTIONS: readonly { value: PhotoStatement; label: string }[] = [
  { value: 'dermoscopic', label: 'Through a dermatoscope' },
  { value: 'clinical', label: 'With an ordinary camera (phone, laptop)' },
  { value: 'auto', label: 'Not sure (the page checks)' },
];

/** The radio group. */
export function PhotoKindChoice({ value, onChange }: PhotoKindChoiceProps) {
  const id = useId();
  return (
    <fieldset className="photo-kind-choice" data-testid="photo-kind-choice" aria-describedby={`${id}-what`}>
      <legend>How was the photo taken?</legend>
      <div className="photo-kind-options">
        {PHOTO_KIND_OPTIONS.map((o) => (
          <label key={o.value} className="photo-kind-option">
            <input
              type="radio"
              name={`${id}-kind`}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              data-testid={`photo-kind-${o.value}`}
            />
            {o.label}
          </label>
        ))}
      </div>
      <DermatoscopeHint id={`${id}-what`} />
    </fieldset>
  );
}
