import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  connect,
  currentOfflineCases,
  fromWorker,
  resetOfflineCases,
  saveForOffline,
  saveWhenIdle,
  type WorkerContainer,
} from '../../../../src/features/offline/availability';

/** A service worker container whose active worker records what the page posts; `say` plays the worker's answers. */
function fakeContainer() {
  const posted: unknown[] = [];
  const target = new EventTarget();
  const c: WorkerContainer = {
    addEventListener: target.addEventListener.bind(target) as WorkerContainer['addEventListener'],
    ready: Promise.resolve({ active: { postMessage: (m: unknown) => posted.push(m) } }),
  };
  const say = (data: unknown): void => {
    const e = new Event('message') as Event & { data: unknown };
    e.data = data;
    target.dispatchEvent(e);
  };
  return { c, posted, say };
}
const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  resetOfflineCases();
  vi.unstubAllGlobals();
});

describe('fromWorker', () => {
  it('reads the worker answers and ignores other messages', () => {
    expect(fromWorker({ type: 'extras', state: 'saved', saved: 5, total: 5 })).toEqual({ kind: 'saved' });
    expect(fromWorker({ type: 'extras', state: 'saving', saved: 2, total: 5 })).toEqual({ kind: 'saving', saved: 2, total: 5 });
    expect(fromWorker({ type: 'extras', state: 'missing', saved: 9, total: 5 })).toEqual({ kind: 'missing', saved: 5, total: 5 });
    expect(fromWorker({ type: 'extras', state: 'incomplete', saved: -1, total: 'x' })).toEqual({ kind: 'incomplete', saved: 0, total: 0 });
    expect(fromWorker({ type: 'extras', state: 'odd' })).toBeNull();
    expect(fromWorker('skip-waiting')).toBeNull();
    expect(fromWorker(null)).toBeNull();
  });
});

describe('offline cases', () => {
  it('is unsupported without a worker, asks the worker what is saved once connected, and follows its answers', async () => {
    expect(currentOfflineCases()).toEqual({ kind: 'unsupported' });
    const { c, posted, say } = fakeContainer();
    connect(c);
    expect(currentOfflineCases()).toEqual({ kind: 'checking' });
    await flush();
    expect(posted).toEqual(['extras-status']);
    say({ type: 'extras', state: 'missing', saved: 1, total: 5 });
    expect(currentOfflineCases()).toEqual({ kind: 'missing', saved: 1, total: 5 });
    saveForOffline();
    expect(currentOfflineCases()).toEqual({ kind: 'saving', saved: 0, total: 5 });
    await flush();
    expect(posted).toEqual(['extras-status', 'cache-extras']);
    // A second press while saving does not start another save.
    saveForOffline();
    await flush();
    expect(posted).toHaveLength(2);
    // A stale status answer does not interrupt the save; its progress and end do.
    say({ type: 'extras', state: 'missing', saved: 1, total: 5 });
    expect(currentOfflineCases().kind).toBe('saving');
    say({ type: 'extras', state: 'saving', saved: 3, total: 5 });
    expect(currentOfflineCases()).toEqual({ kind: 'saving', saved: 3, total: 5 });
    say({ type: 'extras', state: 'saved', saved: 5, total: 5 });
    expect(currentOfflineCases()).toEqual({ kind: 'saved' });
  });

  it('saves at idle time once the cases are known to be missing, once per page', async () => {
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (f: () => void) => idle.push(f));
    const { c, posted, say } = fakeContainer();
    connect(c);
    saveWhenIdle();
    await flush();
    // Nothing before the worker says what is missing.
    expect(idle).toHaveLength(0);
    say({ type: 'extras', state: 'missing', saved: 0, total: 5 });
    expect(idle).toHaveLength(1);
    expect(posted).toEqual(['extras-status']);
    idle[0]?.();
    await flush();
    expect(posted).toEqual(['extras-status', 'cache-extras']);
    say({ type: 'extras', state: 'incomplete', saved: 2, total: 5 });
    saveWhenIdle();
    say({ type: 'extras', state: 'missing', saved: 2, total: 5 });
    expect(idle).toHaveLength(1);
  });

  it('does nothing by itself when the cases are already saved', async () => {
    const idle: (() => void)[] = [];
    vi.stubGlobal('requestIdleCallback', (f: () => void) => idle.push(f));
    const { c, say } = fakeContainer();
    connect(c);
    say({ type: 'extras', state: 'saved', saved: 5, total: 5 });
    saveWhenIdle();
    expect(idle).toHaveLength(0);
  });

  it('keeps a save asked for before the worker was registered (the app installed early)', async () => {
    saveForOffline();
    const { c, posted } = fakeContainer();
    connect(c);
    await flush();
    expect(posted).toEqual(['extras-status', 'cache-extras']);
    expect(currentOfflineCases().kind).toBe('saving');
  });
});
