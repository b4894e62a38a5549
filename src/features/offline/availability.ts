/**
 * Whether the teaching cases and the similar-case pack (precache.json "extras") are saved on this device, and saving
 * them: the page's side of the service worker's 'extras-status' and 'cache-extras' messages (src/sw/sw.js). They are
 * saved after the first result or once the teaching cases are open, at idle time, so nothing extra loads before a
 * first result; on "Make available offline"; and when the app is installed.
 */
import { useStore } from '../../store';
import type { OfflineCases } from '../../store/types';

export type { OfflineCases };

/** The state a message from the worker stands for, or null when it is some other message. */
export function fromWorker(data: unknown): OfflineCases | null {
  const m = data as { type?: unknown; state?: unknown; saved?: unknown; total?: unknown } | null;
  if (!m || typeof m !== 'object' || m.type !== 'extras') return null;
  const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
  const saved = count(m.saved);
  const total = count(m.total);
  switch (m.state) {
    case 'saved':
      return { kind: 'saved' };
    case 'missing':
    case 'saving':
    case 'incomplete':
      return { kind: m.state, saved: Math.min(saved, total), total };
    default:
      return null;
  }
}

/** The part of ServiceWorkerContainer used here (a fake in tests). */
export type WorkerContainer = Pick<ServiceWorkerContainer, 'addEventListener'> & { ready: Promise<{ active: Pick<ServiceWorker, 'postMessage'> | null }> };

let container: WorkerContainer | null = null;
/** A save was asked for without the user (after a result, with the teaching cases open): at most one per page. */
let autoSave: 'none' | 'wanted' | 'done' = 'none';
/** "Save now" arrived before the worker was registered (the app installed early). */
let saveOnConnect = false;

/** The state now (the store's offlineCases). */
export const currentOfflineCases = (): OfflineCases => useStore.getState().offlineCases;

function set(s: OfflineCases): void {
  useStore.getState().setOfflineCases(s);
  if (autoSave === 'wanted' && s.kind === 'missing') {
    autoSave = 'done';
    whenIdle(() => saveForOffline());
  }
}

const whenIdle = (run: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 10_000 });
  else setTimeout(run, 2_000);
};

const post = (message: string): void => {
  void container?.ready.then((reg) => reg.active?.postMessage(message));
};

/** Listens to the worker and asks it what is saved; called once the worker is registered. */
export function connect(c: WorkerContainer): void {
  container = c;
  c.addEventListener('message', (e) => {
    const s = fromWorker((e as MessageEvent).data);
    // A status answer computed while a save runs is already out of date; the save reports its own end.
    if (s && !(currentOfflineCases().kind === 'saving' && s.kind === 'missing')) set(s);
  });
  set({ kind: 'checking' });
  post('extras-status');
  if (saveOnConnect) {
    saveOnConnect = false;
    saveForOffline();
  }
}

/** Saves the extras now ("Make available offline", or the app was installed). */
export function saveForOffline(): void {
  if (!container) {
    saveOnConnect = true;
    return;
  }
  const now = currentOfflineCases();
  if (now.kind === 'saving') return;
  set({ kind: 'saving', saved: 0, total: now.kind === 'missing' || now.kind === 'incomplete' ? now.total : 0 });
  post('cache-extras');
}

/** Saves the extras at idle time if they are missing (once per page): after a result, or with the teaching cases open. */
export function saveWhenIdle(): void {
  if (autoSave !== 'none') return;
  autoSave = 'wanted';
  set(currentOfflineCases());
}

/** The state, for a component. */
export const useOfflineCases = (): OfflineCases => useStore((s) => s.offlineCases);

/** For tests: no worker, nothing asked. */
export function resetOfflineCases(): void {
  container = null;
  autoSave = 'none';
  saveOnConnect = false;
  useStore.getState().setOfflineCases({ kind: 'unsupported' });
}
