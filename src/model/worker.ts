/// <reference lib="webworker" />
/** The model's Web Worker (module worker): loads lazily on the first 'load', answers typed messages by id. */
import { ModelEngine } from './engine';
import type { WireError, WorkerRequest, WorkerResponse } from './messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const engine = new ModelEngine(true);
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

scope.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
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
        post({ id: req.id, type: 'result', result });
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
    }
  } catch (e) {
    post({ id: req.id, type: 'error', error: wire(e) });
  } finally {
    pending.delete(req.id);
  }
};
