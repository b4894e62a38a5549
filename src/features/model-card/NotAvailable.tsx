/** The placeholder every card section shows when its part of metrics.json is missing. */

/** Props of {@link NotAvailable}. */
export interface NotAvailableProps {
  /** What is missing, e.g. "ROC curves". */
  what: string;
}

/** "ROC curves: not available." */
export function NotAvailable({ what }: NotAvailableProps) {
  return <p className="card-missing">{what}: not available.</p>;
}
