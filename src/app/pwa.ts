/**
 * The installed app's side of the service worker (src/sw/sw.js): registers it, notices when a new version (a new app
 * or a new model) has been installed and is waiting, and activates it when the user chooses to reload. It hands the
 * worker to the offline-cases state (src/features/offline/availability.ts); when the app is installed, or runs
 * installed, that saves the similar-case thumbnails and teaching cases too, so those views work offline before they
 * were first opened.
 */
import { useSyncExternalStore } from 'react';
import { connect as connectOfflineCases, saveForOffline } from '../features/offline/availability';

/** Whether a new version waits for a reload. */
export type UpdateState = { kind: 'none' } | { kind: 'waiting'; worker: ServiceWorker };

let state: UpdateState = { kind: 'none' };
const listeners = new Set<() => void>();
const set = (s: UpdateState): void => {
  state = s;
  for (const l of listeners) l();
};

/** Watches a registration for a new worker that finished installing while an older one controls the page. */
export function watchRegistration(reg: ServiceWorkerRegistration, container: Pick<ServiceWorkerContainer, 'controller'> = navigator.serviceWorker): void {
  const offer = (w: ServiceWorker | null | undefined): void => {
    if (w && container.controller) set({ kind: 'waiting', worker: w });
  };
  offer(reg.waiting);
  reg.addEventListener('updatefound', () => {
    const w = reg.installing;
    w?.addEventListener('statechange', () => {
      if (w.state === 'installed') offer(w);
    });
  });
}

/** The update state now. */
export const currentUpdate = (): UpdateState => state;

/** The update state, for a component. */
export function useUpdate(): UpdateState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

/** Activates the waiting worker; the page reloads once it has taken control. */
export function applyUpdate(
  s: UpdateState,
  container: Pick<ServiceWorkerContainer, 'addEventListener'> = navigator.serviceWorker,
  reload: () => void = () => location.reload(),
): void {
  if (s.kind !== 'waiting') return;
  container.addEventListener('controllerchange', reload, { once: true });
  s.worker.postMessage('skip-waiting');
}

/** For tests: back to no update. */
export function resetUpdate(s: UpdateState = { kind: 'none' }): void {
  set(s);
}

/** Registers the worker (after load, so caching does not compete with the first visit) and wires the update notice. */
export function registerServiceWorker(base: string): void {
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register(`${base}sw.js`, { scope: base })
      .then((reg) => {
        watchRegistration(reg);
        connectOfflineCases(navigator.serviceWorker);
        // An installed app may be opened offline first.
        if (window.matchMedia?.('(display-mode: standalone)').matches) saveForOffline();
      })
      .catch((e: unknown) => {
        console.warn('Offline support is unavailable:', e);
      });
  });
  window.addEventListener('appinstalled', saveForOffline);
}
