/**
 * The camera's own statement: a photo from the page's camera is an ordinary-camera photo unless the person says a
 * dermatoscope is attached. Off by default on every visit.
 */
import { useId } from 'react';
import { DermatoscopeHint } from './DermatoscopeHint';
import './capture.css';

/** Props of {@link DermatoscopeToggle}. */
export interface DermatoscopeToggleProps {
  /** The person says a dermatoscope is attached to the camera. */
  attached: boolean;
  /** Called when the box is ticked or cleared. */
  onChange: (attached: boolean) => void;
}

/** The checkbox with its explanation. */
export function DermatoscopeToggle({ attached, onChange }: DermatoscopeToggleProps) {
  const id = useId();
  return (
    <div className="photo-kind-choice dermatoscope-toggle" data-testid="dermatoscope-toggle">
      <label className="photo-kind-option">
        <input
          type="checkbox"
          checked={attached}
          onChange={(e) => onChange(e.currentTarget.checked)}
          aria-describedby={`${id}-what`}
          data-testid="dermatoscope-attached"
        />
        A dermatoscope is attached to the camera
      </label>
      <DermatoscopeHint id={`${id}-what`} />
    </div>
  );
}
