/** The client's side of the worker protocol, against a scripted fake worker (no model needed). */
import { describe, expect, it } from 'vitest';
import { createModelClient } from '../../../src/model/client';
import { isAbortError } from '../../../src/model/errors';
import type { WorkerRequest, WorkerResponse } from '../../../src/model/messages';
import type { LoadProgress, ModelInfo } from '../../../src/model/types';

/** Records requests; the test answers them by hand through reply(). */
class FakeWorker {
  sent: { msg: WorkerRequest; transfer: Transferable[] }[] = [];
  terminated = false;
  onmessage: ((ev: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  onmessageerror: ((ev: MessageEvent) => void) | null = null;
  postMessage(msg: WorkerRequest, transfer: Transferable[] = []): void {
    this.sent.push({ msg, transfer });
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(msg: WorkerResponse): void {
    this.onmessage?.({ data: msg } as MessageEvent<WorkerResponse>);
  }
  last(): WorkerRequest {
    return (this.sent.at(-1) as { msg: WorkerRequest }).msg;
  }
}

const info = { backend: 'webgl', inWorker: true, fromCache: false, fallbacks: ['webgpu: no WebGPU adapter'] } as unknown as ModelInfo;
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function setup(extra: { loadTimeoutMs?: number } = {}): { fake: FakeWorker; client: ReturnType<typeof createModelClient> } {
  const fake = new FakeWorker();
  const client = createModelClient({ baseUrl: '/model/', createWorker: () => fake as unknown as Worker, ...extra });
  return { fake, client };
}

/** Settles within ms, or rejects saying it never settled. */
function settlesWithin<T>(p: Promise<T>, ms: number): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return Promise.race([
    p.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`load() did not settle within ${ms} ms`)), ms)),
  ]);
}

describe('model client protocol', () => {
  it('passes load progress through and resolves with the worker result', async () => {
    const { fake, client } = setup();
    const seen: LoadProgress[] = [];
    const loading = client.load({ backend: 'webgl', onProgress: (p) => seen.push(p) });
    await tick();
    const req = fake.last();
    expect(req).toMatchObject({ type: 'load', baseUrl: '/model/', backend: 'webgl' });
    fake.reply({ id: req.id, type: 'progress', progress: { phase: 'weights', loaded: 5, total: 10 } });
    fake.reply({ id: req.id, type: 'result', result: info });
    await expect(loading).resolves.toBe(info);
    expect(seen).toEqual([{ phase: 'weights', loaded: 5, total: 10 }]);
    client.dispose();
    expect(fake.terminated).toBe(true);
  });

  it('transfers a copy of the input and rejects an aborted call at once with AbortError, cancelling it in the worker', async () => {
    const { fake, client } = setup();
    const loading = client.load();
    await tick();
    fake.reply({ id: fake.last().id, type: 'result', result: info });
    await loading;
    const input = new Float32Array(12);
    const ctl = new AbortController();
    const pending = client.classify(input, { signal: ctl.signal });
    await tick();
    const req = fake.sent.at(-1) as { msg: WorkerRequest; transfer: Transferable[] };
    expect(req.msg.type).toBe('classify');
    expect(req.transfer).toHaveLength(1);
    expect(input.length).toBe(12); // the caller's array is not detached
    ctl.abort();
    const e = await pending.catch((x: unknown) => x);
    expect(isAbortError(e)).toBe(true);
    expect(fake.last()).toMatchObject({ type: 'cancel', target: req.msg.id });
    // A late answer for the cancelled request is ignored.
    fake.reply({ id: req.msg.id, type: 'result', result: {} as never });
    client.dispose();
  });

  it('rebuilds worker errors with their code', async () => {
    const { fake, client } = setup();
    const loading = client.load();
    await tick();
    fake.reply({ id: fake.last().id, type: 'error', error: { name: 'ModelError', message: 'weight file weights.bin failed its checksum', code: 'checksum' } });
    await expect(loading).rejects.toMatchObject({ code: 'checksum', message: /weights\.bin/ });
    client.dispose();
  });

  it('settles load() when the worker errors during load: stops it and says why (main-thread fallback failing too)', async () => {
    const { fake, client } = setup();
    const loading = client.load();
    await tick();
    expect(fake.last()).toMatchObject({ type: 'load' });
    fake.onerror?.({ message: 'Uncaught SyntaxError: Unexpected token', preventDefault() {} } as ErrorEvent);
    expect(fake.terminated).toBe(true);
    // The fallback loads on the main thread from /model/, which does not exist here, so load() rejects; what
    // matters is that it settles, with a message naming the worker's failure.
    const r = await settlesWithin(loading, 60_000);
    expect(r.ok).toBe(false);
    expect(String((r as { error: Error }).error.message)).toMatch(/model worker stopped: Uncaught SyntaxError/);
    client.dispose();
  });

  it('settles load() when a worker reply cannot be deserialised (messageerror)', async () => {
    const { fake, client } = setup();
    const loading = client.load();
    await tick();
    fake.onmessageerror?.({} as MessageEvent);
    expect(fake.terminated).toBe(true);
    const r = await settlesWithin(loading, 60_000);
    expect(r.ok).toBe(false);
    expect(String((r as { error: Error }).error.message)).toMatch(/could not be read/);
    client.dispose();
  });

  it('rejects load() when the worker goes silent (terminated without an event), and progress restarts the wait', async () => {
    // Generous margins: on a busy 2-core machine a 50 ms timer can fire 100 ms late.
    const { fake, client } = setup({ loadTimeoutMs: 400 });
    const loading = client.load();
    await tick();
    const req = fake.last();
    // Progress every 100 ms keeps it alive well past the 400 ms limit...
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 100));
      fake.reply({ id: req.id, type: 'progress', progress: { phase: 'weights', loaded: i, total: 10 } });
    }
    expect(fake.terminated).toBe(false);
    // ...then silence.
    const r = await settlesWithin(loading, 5_000);
    expect(r.ok).toBe(false);
    expect((r as { error: unknown }).error).toMatchObject({ name: 'ModelError', code: 'model', message: /worker sent nothing for/ });
    expect(fake.terminated).toBe(true);
    // A later load starts a fresh worker.
    const again = client.load();
    await tick();
    expect(fake.last()).toMatchObject({ type: 'load' });
    fake.reply({ id: fake.last().id, type: 'result', result: info });
    await expect(again).resolves.toBe(info);
    client.dispose();
  });
});
