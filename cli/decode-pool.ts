/**
 * Decoding on worker threads: the JPEG decoder (WebAssembly, one instance per thread) and the resize (plain JS)
 * cost about as much as the model itself on a 600x450 JPEG, so they run beside inference on the other cores. Falls back to the main thread when
 * worker threads cannot load this TypeScript (e.g. not started through tsx).
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { toModelInput, type InputSpec } from '../src/core/preprocess';
import type { DecodeJob, DecodeResult } from './decode-worker';
import { readImage } from './images';

/** One file's model input, and what is worth saying about the file (e.g. that it was scaled down). */
export interface Decoded {
  input: Float32Array;
  notes: string[];
}

/** Decodes files to model inputs, in parallel where it can. */
export interface DecodePool {
  decode(file: string): Promise<Decoded>;
  /** True when decoding runs on worker threads. */
  readonly threaded: boolean;
  close(): Promise<void>;
}

/**
 * A worker thread running a module. Node starts a .ts entry before tsx's loader hooks are registered in the
 * thread (ERR_UNKNOWN_FILE_EXTENSION), so a .ts entry is imported through tsx's API from a JS bootstrap.
 */
function startWorker(url: URL): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url);
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(import.meta.url)}));`;
  return new Worker(boot, { eval: true, execArgv: [] });
}

function inline(spec: InputSpec): DecodePool {
  return {
    threaded: false,
    decode: async (file) => {
      const img = await readImage(file);
      return { input: toModelInput(img, spec), notes: img.notes };
    },
    close: async () => undefined,
  };
}

/** Starts `threads` decode workers (default: one per core, at most 4); inline decoding when threads = 0 or they fail. */
export async function createDecodePool(spec: InputSpec, threads = Math.min(4, os.availableParallelism())): Promise<DecodePool> {
  if (threads < 1) return inline(spec);
  // Next to this module: the .ts source under tsx, the .mjs bundle under cli/run.mjs.
  const url = new URL(import.meta.url.endsWith('.ts') ? './decode-worker.ts' : './decode-worker.mjs', import.meta.url);
  const workers: Worker[] = [];
  try {
    // All threads boot at once (each loads the decoder modules, through tsx when unbundled: up to a few hundred ms).
    for (let i = 0; i < threads; i++) workers.push(startWorker(url));
    await Promise.all(
      workers.map(
        (w) =>
          // Wait until the worker has loaded its modules; a TypeScript loader missing in the thread fails here.
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error('decode worker did not start')), 20_000);
            w.once('message', () => {
              clearTimeout(timer);
              resolve();
            });
            w.once('error', reject);
            w.once('exit', () => reject(new Error('decode worker exited')));
          }),
      ),
    );
  } catch {
    await Promise.all(workers.map((w) => w.terminate()));
    return inline(spec);
  }
  const waiting = new Map<number, { resolve(x: Decoded): void; reject(e: Error): void }>();
  const load = new Map<Worker, number>(workers.map((w) => [w, 0]));
  let nextId = 1;
  for (const w of workers) {
    w.on('message', (r: DecodeResult) => {
      if ('ready' in r) return;
      load.set(w, (load.get(w) ?? 1) - 1);
      const p = waiting.get(r.id);
      waiting.delete(r.id);
      if ('error' in r) p?.reject(new Error(r.error));
      else p?.resolve({ input: r.input, notes: r.notes });
    });
    w.on('error', (e) => {
      for (const p of waiting.values()) p.reject(e instanceof Error ? e : new Error(String(e)));
      waiting.clear();
    });
  }
  return {
    threaded: true,
    decode(file) {
      // The least busy worker takes the job.
      const w = workers.reduce((a, b) => ((load.get(b) ?? 0) < (load.get(a) ?? 0) ? b : a));
      load.set(w, (load.get(w) ?? 0) + 1);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        w.postMessage({ id, file, spec } satisfies DecodeJob);
      });
    },
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
