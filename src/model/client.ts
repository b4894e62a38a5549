/**
 * The one door to the model for the page: a typed bridge to the model worker with request ids, AbortSignal on
 * every call, load progress and optional idle shutdown. When no worker can start, or the worker finds no backend,
 * the same engine runs on the main thread (ModelInfo.inWorker = false). Both sit behind one EngineLink, so the
 * client chooses where the model runs once, at load, and every other call goes to whichever link it chose.
 */
import type { ModelEngine } from './engine';
import { abortError, isAbortError, ModelError, type ModelErrorCode, modelErrorCode } from './errors';
import type { WireError, WorkerRequest, WorkerResponse, WorkerResults } from './messages';
import type { BackendName, CallOptions, LoadProgress, ModelClient, ModelInfo, Prediction, SaliencyMap } from './types';
// The built worker's URL: the worker runs it, and the main-thread fallback imports the same file as a module.
import workerUrl from './worker.ts?worker&url';

/** Options for createModelClient. */
export interface ModelClientOptions {
  /** URL of the model folder; default `${BASE_URL}model/`. */
  baseUrl?: string;
  /** Terminate the worker after this many ms without calls (it reloads, from the cache, on the next). Off by default. */
  idleMs?: number;
  /** Makes the worker; tests pass a fake, or a factory that throws to force the main-thread path. */
  createWorker?: () => Worker;
  /**
   * A worker load that sends nothing (no progress, no answer) for this long is given up: load() rejects with a
   * ModelError saying so, instead of waiting forever on a worker that hangs or died without an error event.
   * Default 90 s; every progress message restarts the wait, so a slow download is not cut off.
   */
  loadTimeoutMs?: number;
}

type LoadOpts = CallOptions & { backend?: BackendName; onProgress?: (p: LoadProgress) => void };

/** The engine as the client sees it: in the model worker (through messages) or on this thread. */
interface EngineLink {
  load(opts: LoadOpts): Promise<ModelInfo>;
  classify(input: Float32Array, signal?: AbortSignal): Promise<Prediction>;
  saliency(input: Float32Array, members: number[], signal?: AbortSignal): Promise<SaliencyMap>;
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  loseDevice(): Promise<boolean>;
  dispose(): void;
}

/** The worker link, with why it stopped: a crash (its script failed, it threw) lets load() fall back to the page. */
interface WorkerLink extends EngineLink {
  readonly crashed: boolean;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  onProgress?: (p: LoadProgress) => void;
}

/** Rebuilds an error that crossed the worker boundary, keeping AbortError and ModelError codes. */
function fromWire(e: WireError): Error {
  if (e.name === 'AbortError') return abortError();
  if (e.code) return new ModelError(e.code as ModelErrorCode, e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

const defaultBaseUrl = (): string => `${import.meta.env?.BASE_URL ?? '/'}model/`;

const defaultWorker = (): Worker => new Worker(workerUrl, { type: 'module', name: 'skinlens-model' });

/**
 * ModelEngine for the main thread, loaded only when used. A production build imports the worker's own file (one
 * copy of tfjs in dist/); the dev server and tests import the module directly.
 */
async function importEngine(): Promise<typeof ModelEngine> {
  if (import.meta.env?.PROD) {
    await import(/* @vite-ignore */ workerUrl);
    const engine = (globalThis as Record<symbol, unknown>)[Symbol.for('skinlens.ModelEngine')] as typeof ModelEngine | undefined;
    if (engine) return engine;
    throw new ModelError('model', 'the model script loaded but did not provide its engine');
  }
  return (await import('./engine')).ModelEngine;
}

/** The engine on the page itself (ModelInfo.inWorker = false), imported on first use. */
function mainThreadLink(baseUrl: string): EngineLink {
  let engine: ModelEngine | undefined;
  const loadedEngine = (): ModelEngine => {
    if (!engine) throw new ModelError('model', 'the model is not loaded yet: call load() first');
    return engine;
  };
  return {
    async load(opts) {
      const Engine = await importEngine();
      engine ??= new Engine(false);
      return engine.load(baseUrl, opts);
    },
    classify: async (input, signal) => loadedEngine().classify(input, signal),
    saliency: async (input, members, signal) => loadedEngine().saliency(input, members, signal),
    memory: async () => engine?.memory() ?? { numTensors: 0, numBytes: 0 },
    loseDevice: async () => engine?.loseDevice() ?? false,
    dispose() {
      engine?.dispose();
      engine = undefined;
    },
  };
}

/**
 * The engine in a model worker, started now (throws when no worker can start). `onStop` is called when the link
 * stops by itself (a crash, a silent load, the idle shutdown), so the client starts a new one on the next call.
 */
function workerLink(baseUrl: string, options: ModelClientOptions, onStop: () => void): WorkerLink {
  const w = (options.createWorker ?? defaultWorker)();
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let crashed = false;

  const failAll = (e: unknown): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };

  /** Terminates the worker and fails every call waiting on it with `error`. */
  const stop = (error: unknown, self: boolean): void => {
    if (stopped) return;
    stopped = true;
    if (idleTimer) clearTimeout(idleTimer);
    w.terminate();
    if (self) onStop();
    failAll(error);
  };

  const armIdle = (): void => {
    if (!options.idleMs || stopped) return;
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (pending.size === 0) stop(abortError(), true);
    }, options.idleMs);
  };

  w.onmessage = (ev: MessageEvent<WorkerResponse>) => {
    const msg = ev.data;
    const p = pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    pending.delete(msg.id);
    if (msg.type === 'result') p.resolve(msg.result);
    else p.reject(fromWire(msg.error));
    armIdle();
  };
  // A failed worker (its script did not load, it threw, or a reply could not be deserialised) fails every call
  // waiting on it; load() then falls back to the main thread.
  const crash = (why: string): void => {
    if (stopped) return;
    crashed = true;
    stop(new ModelError('model', why), true);
  };
  w.onerror = (ev: ErrorEvent) => {
    ev.preventDefault?.();
    crash(`the model worker stopped: ${ev.message || 'script error'}`);
  };
  w.onmessageerror = () => crash('the model worker sent a message that could not be read');

  /** Sends one request to the worker and waits for its answer; abort rejects at once and cancels it there. */
  function call<K extends keyof WorkerResults>(
    req: WorkerRequest,
    signal?: AbortSignal,
    transfer: Transferable[] = [],
    onProgress?: (p: LoadProgress) => void,
  ): Promise<WorkerResults[K]> {
    if (stopped) return Promise.reject(new ModelError('model', 'the model worker is not running'));
    if (signal?.aborted) return Promise.reject(abortError());
    if (idleTimer) clearTimeout(idleTimer);
    return new Promise<WorkerResults[K]>((resolve, reject) => {
      const onAbort = (): void => {
        if (!pending.delete(req.id)) return;
        w.postMessage({ id: nextId++, type: 'cancel', target: req.id } satisfies WorkerRequest);
        reject(abortError());
        armIdle();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(req.id, {
        resolve: (v) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(v as WorkerResults[K]);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
        onProgress,
      });
      w.postMessage(req, transfer);
    });
  }

  return {
    get crashed() {
      return crashed;
    },

    async load(opts) {
      // A worker that stops answering (hung, or terminated without an error event) would leave load() pending
      // forever: after loadTimeoutMs without a message it is stopped and the load rejects.
      const timeoutMs = options.loadTimeoutMs ?? 90_000;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = (): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          const why = `the model did not load: its worker sent nothing for ${Math.round(timeoutMs / 1000)} s. Reload the page to try again.`;
          stop(new ModelError('model', why), true);
        }, timeoutMs);
      };
      arm();
      const onProgress = (p: LoadProgress): void => {
        arm();
        opts.onProgress?.(p);
      };
      try {
        return await call<'load'>({ id: nextId++, type: 'load', baseUrl, backend: opts.backend }, opts.signal, [], onProgress);
      } finally {
        clearTimeout(timer);
      }
    },

    classify(input, signal) {
      // A copy is transferred, so the caller's array stays usable (it often goes on to saliency()).
      const copy = input.slice();
      return call<'classify'>({ id: nextId++, type: 'classify', input: copy }, signal, [copy.buffer]);
    },

    saliency(input, members, signal) {
      const copy = input.slice();
      return call<'saliency'>({ id: nextId++, type: 'saliency', input: copy, members: [...members] }, signal, [copy.buffer]);
    },

    memory: () => call<'memory'>({ id: nextId++, type: 'memory' }),
    loseDevice: () => call<'lose-device'>({ id: nextId++, type: 'lose-device' }),
    dispose: () => stop(abortError(), false),
  };
}

/** Creates the client. Nothing starts until load(). */
export function createModelClient(options: ModelClientOptions = {}): ModelClient {
  const baseUrl = options.baseUrl ?? defaultBaseUrl();
  /** Where the model runs; undefined before load() and after a worker stopped by itself. */
  let link: EngineLink | undefined;
  let lastLoad: { backend?: BackendName } | undefined;
  let loaded: Promise<ModelInfo> | undefined;
  let disposed = false;

  async function loadOnMainThread(opts: LoadOpts, why: string): Promise<ModelInfo> {
    link?.dispose();
    const main = mainThreadLink(baseUrl);
    link = main;
    const info = await main.load(opts);
    return { ...info, fallbacks: [...info.fallbacks, `worker: ${why}`] };
  }

  async function doLoad(opts: LoadOpts): Promise<ModelInfo> {
    if (link) return link.load(opts);
    let w: WorkerLink;
    try {
      w = workerLink(baseUrl, options, () => {
        if (link !== w) return;
        link = undefined;
        loaded = undefined;
      });
    } catch (e) {
      return loadOnMainThread(opts, `could not start (${e instanceof Error ? e.message : String(e)})`);
    }
    link = w;
    try {
      return await w.load(opts);
    } catch (e) {
      // No backend inside the worker (e.g. no OffscreenCanvas and no WebAssembly there), or the worker script
      // failed: the page itself may still have one.
      const code = e instanceof ModelError ? e.code : undefined;
      if (code === 'no-backend') return loadOnMainThread(opts, (e as Error).message);
      if (!(code === 'model' && w.crashed)) throw e;
      try {
        return await loadOnMainThread(opts, (e as Error).message);
      } catch (e2) {
        if (isAbortError(e2)) throw e2;
        // Say both: the worker's failure is usually the cause.
        throw new ModelError(
          modelErrorCode(e2) ?? 'model',
          `${(e as Error).message}; loading on the page instead failed too: ${e2 instanceof Error ? e2.message : String(e2)}`,
        );
      }
    }
  }

  /** The link to run a call on, loading first if an idle shutdown or a crash stopped the worker. */
  async function ready(signal?: AbortSignal): Promise<EngineLink> {
    if (disposed) throw abortError();
    if (!loaded) {
      if (!lastLoad) throw new ModelError('model', 'the model is not loaded yet: call load() first');
      loaded = doLoad({ ...lastLoad, signal });
    }
    await loaded;
    if (!link) throw new ModelError('model', 'the model worker is not running');
    return link;
  }

  return {
    load(opts = {}) {
      if (disposed) return Promise.reject(abortError());
      lastLoad = { backend: opts.backend };
      if (!loaded) {
        const p = doLoad(opts);
        loaded = p;
        p.catch(() => {
          if (loaded === p) loaded = undefined;
        });
      }
      return loaded;
    },
    classify: async (input, opts = {}) => (await ready(opts.signal)).classify(input, opts.signal),
    saliency: async (input, members, opts = {}) => (await ready(opts.signal)).saliency(input, members, opts.signal),
    memory: async () => link?.memory() ?? { numTensors: 0, numBytes: 0 },
    loseDevice: async () => link?.loseDevice() ?? false,
    dispose() {
      disposed = true;
      link?.dispose();
      link = undefined;
      loaded = undefined;
    },
  };
}
