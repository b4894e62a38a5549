/**
 * The installed app's side of the service worker (src/sw/sw.js): registers it, notices when a new version (a new app
 * or a new model) has been installed and is waiting, and activates it when the user chooses to reload. It hands the
 * worker to the offline-cases state (src/features/offline/availability.ts); when the app is installed, or runs
 * installed, that saves the similar-case thumbnails and teaching cases too, so those views work offline before they
 * were first opened.
 */
import { connect as connectOfflineCases, saveForOffline } from '../features/offline/availability';
import { useStore } from '../store';
import type { UpdateState } from '../store/types';

export type { UpdateState };

const set = (s: UpdateState): void => useStore.getState().setUpdate(s);

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

/** The update state now (the store's update). */
export const currentUpdate = (): UpdateState => useStore.getState().update;

/** The update state, for a component. */
export const useUpdate = (): UpdateState => useStore((s) => s.update);

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

/** How long the model must have been ready, with no photo being analysed, before a first visit counts as idle. */
export const IDLE_AFTER_READY_MS = 5_000;

const whenIdle = (run: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2_000 });
  else run();
};

/**
 * Calls `run` once: when the first result is shown, or once the model has been ready for `idleMs` with no photo
 * being analysed (then at the browser's next idle moment). Never while the model loads or a photo is analysed.
 */
export function afterFirstResultOrIdle(run: () => void, idleMs = IDLE_AFTER_READY_MS): void {
  let done = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    if (done) return;
    done = true;
    unsubscribe();
    clearTimeout(timer);
    run();
  };
  const check = (): void => {
    const s = useStore.getState();
    if (s.status.kind === 'done') {
      fire();
      return;
    }
    if (s.info === null || s.status.kind === 'running' || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (useStore.getState().status.kind === 'running') check();
      else whenIdle(fire);
    }, idleMs);
  };
  const unsubscribe = useStore.subscribe(check);
  check();
}

/**
 * Registers the worker and wires the update notice. A returning visit (a worker already serves the page) registers
 * at load, which also looks for a new version. A first visit registers after its first result, or at idle time after
 * "ready" (afterFirstResultOrIdle): installing caches the whole build, which would otherwise download alongside what
 * the first result needs. The page works offline from then on, as before.
 */
export function registerServiceWorker(base: string): void {
  const register = (): void => {
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
  };
  if (navigator.serviceWorker.controller) window.addEventListener('load', register, { once: true });
  else afterFirstResultOrIdle(register);
  window.addEventListener('appinstalled', saveForOffline);
}
