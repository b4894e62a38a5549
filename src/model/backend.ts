/**
 * Picks the tfjs backend in the browser (page or worker): webgpu -> webgl -> wasm -> cpu, or only the one the
 * page forces with ?backend=, recording why each preferred backend was skipped.
 */
// tfjs-core and the four backends only: the '@tensorflow/tfjs' umbrella would also bundle tfjs-layers,
// tfjs-converter and tfjs-data, none of which the app uses (graph.ts runs the model from its topology).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// The wasm binaries are served by Vite from the app's own origin (hashed assets), never from a CDN; tfjs picks
// the variant the browser supports (threads need cross-origin isolation, SIMD is near universal).
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { ModelError } from './errors';
import { BACKEND_ORDER, type BackendName } from './types';

/** The backend that is now active, and why each one before it was skipped. */
export interface BackendChoice {
  backend: BackendName;
  fallbacks: string[];
}

let wasmPathsSet = false;

/** Why this backend cannot run here, or null when it is worth trying. */
async function precheck(name: BackendName): Promise<string | null> {
  switch (name) {
    case 'webgpu': {
      const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
      if (!gpu) return 'navigator.gpu is missing (browser without WebGPU)';
      try {
        const adapter = await gpu.requestAdapter();
        return adapter ? null : 'no WebGPU adapter';
      } catch (e) {
        return `requestAdapter failed: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    case 'webgl':
      // In a dedicated worker tfjs draws on an OffscreenCanvas; without one webgl cannot start there.
      if (typeof document === 'undefined' && typeof OffscreenCanvas === 'undefined') return 'no OffscreenCanvas in this worker';
      return null;
    case 'wasm':
      if (typeof WebAssembly === 'undefined') return 'WebAssembly is missing';
      if (!wasmPathsSet) {
        // The threaded build's pthread workers fail in a bundled app ("ReferenceError: e is not defined" from
        // the blob: worker Emscripten makes out of the minified glue), so use the single-threaded SIMD build.
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        try {
          setWasmPaths({
            'tfjs-backend-wasm.wasm': wasmPlainUrl,
            'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
            'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
          });
        } catch {
          // Throws when the wasm backend is already initialised; it then needs no paths.
        }
        wasmPathsSet = true;
      }
      return null;
    case 'cpu':
      return null;
  }
}

async function tryBackend(name: BackendName): Promise<string | null> {
  const why = await precheck(name);
  if (why) return why;
  try {
    // setBackend resolves false (and logs) when the backend's initialisation throws.
    const ok = await tf.setBackend(name);
    return ok && tf.getBackend() === name ? null : 'failed to initialise';
  } catch (e) {
    return `failed to initialise: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** True when a string names a backend (for parsing ?backend=). */
export function isBackendName(v: unknown): v is BackendName {
  return typeof v === 'string' && (BACKEND_ORDER as readonly string[]).includes(v);
}

/**
 * Activates the first backend that works, or only `forced`, leaving out `exclude` (backends that already failed
 * to run the model; their reasons are passed in `earlier`). Throws ModelError('no-backend') when none works.
 */
export async function chooseBackend(forced?: BackendName, exclude: ReadonlySet<BackendName> = new Set(), earlier: readonly string[] = []): Promise<BackendChoice> {
  if (forced !== undefined && !isBackendName(forced)) {
    throw new ModelError('no-backend', `unknown backend ${JSON.stringify(forced)}; valid: ${BACKEND_ORDER.join(', ')}`);
  }
  const order = (forced ? [forced] : BACKEND_ORDER).filter((b) => !exclude.has(b));
  const fallbacks: string[] = [...earlier];
  for (const name of order) {
    const why = await tryBackend(name);
    if (why === null) return { backend: name, fallbacks };
    fallbacks.push(`${name}: ${why}`);
  }
  throw new ModelError('no-backend', `no tfjs backend could start (${fallbacks.join('; ')})`);
}
