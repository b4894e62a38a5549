/** The quiet "a new version is available: reload" line, shown when a new app or model has been installed in the background. */
import { applyUpdate, useUpdate } from './pwa';

/** The notice (nothing while there is no new version). */
export function UpdateNotice() {
  const update = useUpdate();
  if (update.kind !== 'waiting') return null;
  return (
    <p className="update-notice" role="status" data-testid="update-notice">
      A new version is available:{' '}
      <button type="button" className="link" onClick={() => applyUpdate(update)}>
        reload
      </button>
    </p>
  );
}
