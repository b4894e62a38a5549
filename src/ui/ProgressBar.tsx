/** A labelled progress bar (native <progress>, so screen readers announce it). */
export interface ProgressBarProps {
  /** 0..1, or null for an indeterminate bar. */
  value: number | null;
  /** What is progressing, read out with the value. */
  label: string;
}

/** The bar with its label and percentage. */
export function ProgressBar({ value, label }: ProgressBarProps) {
  const pct = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className="progress">
      <span className="progress-label">{label}</span>
      {pct === null ? <progress aria-label={label} /> : <progress aria-label={label} max={100} value={pct} />}
      {pct !== null && (
        <span className="progress-value" aria-hidden="true">
          {pct}%
        </span>
      )}
    </div>
  );
}
