/**
 * The footer's line on offline use: whether the teaching and similar cases are saved on this device, a "Make
 * available offline" button with progress, and the save after the first result (at idle time).
 */
import { useEffect, type ReactNode } from 'react';
import { useStore } from '../../store';
import { saveForOffline, saveWhenIdle, useOfflineCases } from './availability';
import './offline.css';

/** The line, or nothing where the browser has no service worker. */
export function OfflineCases() {
  const s = useOfflineCases();
  const hasResult = useStore((st) => st.status.kind === 'done');
  useEffect(() => {
    if (hasResult) saveWhenIdle();
  }, [hasResult]);
  let body: ReactNode;
  switch (s.kind) {
    case 'unsupported':
    case 'checking':
      return null;
    case 'missing':
      body = (
        <>
          The app and the model work offline; the teaching and similar cases download when first used.{' '}
          <button type="button" className="offline-save" onClick={saveForOffline}>
            Make available offline
          </button>
        </>
      );
      break;
    case 'saving':
      body = (
        <>
          Saving the teaching and similar cases for offline use… <progress max={Math.max(1, s.total)} value={s.saved} aria-label="Saving for offline use" />
          {s.total > 0 ? ` ${s.saved} of ${s.total} files` : ''}
        </>
      );
      break;
    case 'saved':
      body = <>Everything works offline: the app, the model, and the teaching and similar cases are saved on this device.</>;
      break;
    case 'incomplete':
      body = (
        <>
          {s.saved > 0 && s.total > 0
            ? `Only ${s.saved} of the ${s.total} files of the teaching and similar cases could be saved for offline use`
            : 'The teaching and similar cases could not be saved for offline use'}
          ; connect to the internet and try again.{' '}
          <button type="button" className="offline-save" onClick={saveForOffline}>
            Try again
          </button>
        </>
      );
      break;
  }
  return (
    <p className="offline-cases" data-testid="offline-cases" data-state={s.kind} aria-live="polite">
      {body}
    </p>
  );
}
