import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterFirstResultOrIdle, applyUpdate, currentUpdate, resetUpdate, watchRegistration } from '../../../src/app/pwa';
import type { ModelInfo } from '../../../src/model/types';
import { useStore } from '../../../src/store';
import type { AppStatus } from '../../../src/store/types';

/** A worker that records what the page posts to it. */
class FakeWorker extends EventTarget {
  state = 'installing';
  posted: unknown[] = [];
  postMessage(m: unknown): void {
    this.posted.push(m);
  }
  install(): void {
    this.state = 'installed';
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget {
  installing: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
  found(w: FakeWorker): void {
    this.installing = w;
    this.dispatchEvent(new Event('updatefound'));
  }
}

const asReg = (r: FakeRegistration) => r as unknown as ServiceWorkerRegistration;

afterEach(() => resetUpdate());

describe('the update notice', () => {
  it('offers a reload when a new worker finishes installing under an old one', () => {
    const reg = new FakeRegistration();
    watchRegistration(asReg(reg), { controller: {} as ServiceWorker });
    const w = new FakeWorker();
    reg.found(w);
    expect(currentUpdate().kind).toBe('none');
    w.install();
    expect(currentUpdate()).toEqual({ kind: 'waiting', worker: w });
  });
  it('offers nothing on the first install (no worker controls the page yet)', () => {
    const reg = new FakeRegistration();
    watchRegistration(asReg(reg), { controller: null });
    const w = new FakeWorker();
    reg.found(w);
    w.install();
    expect(currentUpdate().kind).toBe('none');
  });
  it('finds a worker already waiting from an earlier visit', () => {
    const reg = new FakeRegistration();
    reg.waiting = new FakeWorker();
    watchRegistration(asReg(reg), { controller: {} as ServiceWorker });
    expect(currentUpdate().kind).toBe('waiting');
  });
  it('reload activates the waiting worker and reloads once it has taken over', () => {
    const w = new FakeWorker();
    const container = new EventTarget();
    let reloads = 0;
    applyUpdate({ kind: 'waiting', worker: w as unknown as ServiceWorker }, container as unknown as ServiceWorkerContainer, () => reloads++);
    expect(w.posted).toEqual(['skip-waiting']);
    expect(reloads).toBe(0);
    container.dispatchEvent(new Event('controllerchange'));
    container.dispatchEvent(new Event('controllerchange'));
    expect(reloads).toBe(1);
  });
});

describe('the first visit caches the app after its first result, or at idle time', () => {
  const info = {} as ModelInfo;
  // As the store has it: a model only once loaded, none after a failed load.
  const status = (s: AppStatus): void => useStore.setState({ status: s, info: ['ready', 'running', 'done'].includes(s.kind) ? info : null });
  const done = { kind: 'done', result: {}, display: { kind: 'analysed' } } as unknown as AppStatus;
  beforeEach(() => {
    useStore.setState(useStore.getInitialState(), true);
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('waits while the model loads, then for the idle time after "ready"', () => {
    const run = vi.fn();
    status({ kind: 'loading', progress: null });
    afterFirstResultOrIdle(run, 1000);
    vi.advanceTimersByTime(5000);
    expect(run).not.toHaveBeenCalled();
    status({ kind: 'ready' });
    vi.advanceTimersByTime(999);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    status(done);
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs as the first result appears, not while a photo is being analysed', () => {
    const run = vi.fn();
    status({ kind: 'ready' });
    afterFirstResultOrIdle(run, 1000);
    vi.advanceTimersByTime(500);
    status({ kind: 'running', jobId: 1 });
    vi.advanceTimersByTime(5000);
    expect(run).not.toHaveBeenCalled();
    status(done);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('never runs when the model does not load', () => {
    const run = vi.fn();
    afterFirstResultOrIdle(run, 1000);
    status({ kind: 'error', message: 'no backend', recoverable: false });
    vi.advanceTimersByTime(60_000);
    expect(run).not.toHaveBeenCalled();
  });
});
