/** The one line that says what a dermatoscope is, with a drawing of one. */
import { DermatoscopeIcon } from '../../ui/DermatoscopeIcon';

/** Props of {@link DermatoscopeHint}. */
export interface DermatoscopeHintProps {
  /** For aria-describedby on the control it explains. */
  id: string;
}

/** The hint. */
export function DermatoscopeHint({ id }: DermatoscopeHintProps) {
  return (
    <p className="hint dermatoscope-hint" id={id}>
      <DermatoscopeIcon />
      <span>
        A <strong>dermatoscope</strong> is a lit magnifier pressed on the skin (clip-on ones exist for phones); the model only learned from photos taken through
        one.
      </span>
    </p>
  );
}
