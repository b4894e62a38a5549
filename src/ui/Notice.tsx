/** A message in the page: errors are announced assertively (role=alert), information politely (role=status). */
import type { ReactNode } from 'react';

/** Props of {@link Notice}. */
export interface NoticeProps {
  tone: 'error' | 'info' | 'warning';
  children: ReactNode;
  /** For tests and for aria-describedby. */
  testId?: string;
  /** Shows a close button when given. */
  onDismiss?: () => void;
}

/** The message box. Text only: callers pass strings, never HTML. */
export function Notice({ tone, children, testId, onDismiss }: NoticeProps) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <div className="notice-body">{children}</div>
      {onDismiss && (
        <button type="button" className="notice-dismiss" onClick={onDismiss} aria-label="Dismiss message">
          ×
        </button>
      )}
    </div>
  );
}
