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

function setup(): { fake: FakeWorker; client: ReturnType<typeof createModelClient> } {
  const fake = new FakeWorker();
  const client = createModelClient({ baseUrl: '/model/', createWorker: () => fake as unknown as Worker });
  return { fake, client };
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
});
