/**
 * The model's Web Worker (module worker): loads lazily on the first 'load', answers typed messages by id.
 *
 * The same built file is the main-thread fallback: client.ts imports it as a module when no worker can start, and
 * uses the ModelEngine it exports. So tfjs is bundled once (here), not once in the worker and once more in a
 * separate fallback chunk. Outside a worker it installs no message handler.
 */
import { ModelEngine } from './engine';
import type { WireError, WorkerRequest, WorkerResponse } from './messages';
import { epochNow } from './trace';

/** The worker's start (performance.timeOrigin) to here: its script and tfjs-core downloaded or read, compiled and run. */
const scriptStep = { name: 'worker script', start: performance.timeOrigin, end: epochNow() };

/**
 * Where the main-thread fallback finds the engine class after importing this file. Vite's worker build drops the
 * entry's exports, so it is handed over on globalThis under a registered symbol instead of an export.
 */
export const ENGINE_KEY = Symbol.for('skinlens.ModelEngine');

const inWorker = typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope;
const scope = self as unknown as DedicatedWorkerGlobalScope;
const engine = inWorker ? new ModelEngine(true) : undefined;
/** Requests not yet finished, so a 'cancel' can abort the ones still waiting in the queue. */
const pending = new Map<number, AbortController>();

const post = (msg: WorkerResponse, transfer: Transferable[] = []): void => scope.postMessage(msg, transfer);

function wire(e: unknown): WireError {
  if (e instanceof Error || e instanceof DOMException) {
    const code = (e as { code?: unknown }).code;
    return { name: e.name, message: e.message, code: typeof code === 'string' ? code : undefined };
  }
  return { name: 'Error', message: String(e) };
}

const onMessage = async (ev: MessageEvent<WorkerRequest>, engine: ModelEngine): Promise<void> => {
  const req = ev.data;
  if (req.type === 'cancel') {
    pending.get(req.target)?.abort();
    return;
  }
  const ctl = new AbortController();
  pending.set(req.id, ctl);
  try {
    switch (req.type) {
      case 'load': {
        const result = await engine.load(req.baseUrl, {
          backend: req.backend,
          signal: ctl.signal,
          onProgress: (progress) => post({ id: req.id, type: 'progress', progress }),
        });
        post({ id: req.id, type: 'result', result: { ...result, trace: [scriptStep, ...(result.trace ?? [])] } });
        break;
      }
      case 'classify':
        post({ id: req.id, type: 'result', result: await engine.classify(req.input, ctl.signal) });
        break;
      case 'saliency': {
        const result = await engine.saliency(req.input, req.members, ctl.signal);
        post({ id: req.id, type: 'result', result }, [result.values.buffer]);
        break;
      }
      case 'memory':
        post({ id: req.id, type: 'result', result: engine.memory() });
        break;
      case 'lose-device':
        post({ id: req.id, type: 'result', result: await engine.loseDevice() });
        break;
    }
  } catch (e) {
    post({ id: req.id, type: 'error', error: wire(e) });
  } finally {
    pending.delete(req.id);
  }
};

if (engine) scope.onmessage = (ev: MessageEvent<WorkerRequest>) => void onMessage(ev, engine);
else (globalThis as Record<symbol, unknown>)[ENGINE_KEY] = ModelEngine;
