import { afterEach, describe, expect, it } from 'vitest';
import { applyUpdate, currentUpdate, resetUpdate, watchRegistration } from '../../../src/app/pwa';

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
