/**
 * Picks the tfjs backend in the browser (page or worker): webgpu -> webgl -> wasm -> cpu, or only the one the
 * page forces with ?backend=, recording why each preferred backend was skipped. In the automatic order a software
 * GPU (SwiftShader, llvmpipe: machines without a usable GPU) counts as unavailable, because wasm is many times
 * faster there; such a backend is only tried after wasm fails, before cpu. A forced backend is used as it is.
 *
 * Each backend's code is its own chunk, imported only when that backend is tried: a visit on wasm never downloads
 * the WebGL and WebGPU backends (about three quarters of tfjs's code), and the checks that rule a software GPU
 * out need none of it.
 */
// tfjs-core and the four backends only: the '@tensorflow/tfjs' umbrella would also bundle tfjs-layers,
// tfjs-converter and tfjs-data, none of which the app uses (graph.ts runs the model from its topology).
import * as tf from '@tensorflow/tfjs-core';
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

/** Renderer and adapter strings of software rasterisers: a "GPU" that is really the CPU. */
const SOFTWARE_GPU = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|software/i;

/** The software rasteriser's name as it appears in `text`, e.g. "SwiftShader", or null. */
export function softwareGpuName(text: string): string | null {
  const m = SOFTWARE_GPU.exec(text);
  if (!m) return null;
  const name = m[0].toLowerCase();
  return name === 'swiftshader' ? 'SwiftShader' : name === 'software' ? 'software renderer' : m[0];
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  requestAdapterInfo?: () => Promise<{ vendor?: string; architecture?: string; device?: string; description?: string }>;
}

/** Why a WebGPU adapter is a software one ("software adapter (SwiftShader)"), or null for a hardware GPU. */
async function softwareAdapter(adapter: AdapterLike): Promise<string | null> {
  let info = adapter.info;
  if (!info && typeof adapter.requestAdapterInfo === 'function') info = await adapter.requestAdapterInfo().catch(() => undefined);
  const text = [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(' ');
  const name = softwareGpuName(text);
  if (name) return `software adapter (${name}), slower than wasm`;
  if (adapter.isFallbackAdapter || info?.isFallbackAdapter) return 'software (fallback) adapter, slower than wasm';
  return null;
}

/** What this file needs of a canvas: an OffscreenCanvas, or a page's <canvas> where there is none. */
interface CanvasLike {
  getContext(kind: 'webgl2' | 'webgl'): unknown;
}

/**
 * A 1x1 canvas to ask WebGL for its renderer. This file is type-checked with the worker's globals only, so the
 * page's `document` (for the main-thread engine in a browser without OffscreenCanvas) is looked up, not assumed.
 */
function scratchCanvas(): CanvasLike | undefined {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  return (globalThis as { document?: { createElement(tag: 'canvas'): CanvasLike } }).document?.createElement('canvas');
}

/** The WebGL renderer string (unmasked where the browser allows), or '' when no context can be made. */
function webglRenderer(): string {
  try {
    const canvas = scratchCanvas();
    const gl = (canvas?.getContext('webgl2') ?? canvas?.getContext('webgl') ?? null) as WebGLRenderingContext | null;
    if (!gl) return '';
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return '';
  }
}

/** Imports a backend's code, which registers it with tfjs. */
const BACKEND_CODE: Record<BackendName, () => Promise<unknown>> = {
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  wasm: async () => {
    const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
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
  },
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

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
      if (!('document' in globalThis) && typeof OffscreenCanvas === 'undefined') return 'no OffscreenCanvas in this worker';
      return null;
    case 'wasm':
      return typeof WebAssembly === 'undefined' ? 'WebAssembly is missing' : null;
    case 'cpu':
      return null;
  }
}

async function tryBackend(name: BackendName): Promise<string | null> {
  const why = await precheck(name);
  if (why) return why;
  try {
    await BACKEND_CODE[name]();
  } catch (e) {
    return `its code did not load: ${e instanceof Error ? e.message : String(e)}`;
  }
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
 * In the automatic order: why this (working) GPU backend is a software one, or null. Checked only when the
 * backend is about to be tried, so a machine with a real GPU pays nothing but the adapter / renderer query.
 */
async function softwareGpu(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgpu') {
      const gpu = (globalThis.navigator as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
      const adapter = (await gpu?.requestAdapter()) as AdapterLike | null | undefined;
      return adapter ? await softwareAdapter(adapter) : null;
    }
    if (name === 'webgl') {
      const gpu = softwareGpuName(webglRenderer());
      return gpu ? `software renderer (${gpu}), slower than wasm` : null;
    }
  } catch {
    // Could not tell: treat it as a real GPU, as before.
  }
  return null;
}

/**
 * Activates the first backend that works, or only `forced`, leaving out `exclude` (backends that already failed
 * to run the model; their reasons are passed in `earlier`). In the automatic order a software WebGPU adapter or
 * WebGL renderer is skipped (with its reason in `fallbacks`) and tried again only if wasm fails, before cpu.
 * Throws ModelError('no-backend') when none works.
 */
export async function chooseBackend(
  forced?: BackendName,
  exclude: ReadonlySet<BackendName> = new Set(),
  earlier: readonly string[] = [],
): Promise<BackendChoice> {
  if (forced !== undefined && !isBackendName(forced)) {
    throw new ModelError('no-backend', `unknown backend ${JSON.stringify(forced)}; valid: ${BACKEND_ORDER.join(', ')}`);
  }
  const order = (forced ? [forced] : BACKEND_ORDER).filter((b) => !exclude.has(b));
  const fallbacks: string[] = [...earlier];
  const deferred: BackendName[] = [];
  for (const name of order) {
    if (name === 'cpu') {
      // Software GPU backends are still faster than the plain-JS cpu backend.
      for (const soft of deferred) {
        const why = await tryBackend(soft);
        if (why === null) return { backend: soft, fallbacks };
        fallbacks.push(`${soft}: ${why}`);
      }
      deferred.length = 0;
    }
    if (!forced && (name === 'webgpu' || name === 'webgl') && (await precheck(name)) === null) {
      const soft = await softwareGpu(name);
      if (soft) {
        fallbacks.push(`${name}: ${soft}`);
        deferred.push(name);
        continue;
      }
    }
    const why = await tryBackend(name);
    if (why === null) return { backend: name, fallbacks };
    fallbacks.push(`${name}: ${why}`);
  }
  for (const soft of deferred) {
    const why = await tryBackend(soft);
    if (why === null) return { backend: soft, fallbacks };
    fallbacks.push(`${soft}: ${why}`);
  }
  if (forced) throw new ModelError('no-backend', `${forced}, which the address asks for, cannot start here (${fallbacks.join('; ')})`);
  throw new ModelError('no-backend', `no tfjs backend could start (${fallbacks.join('; ')})`);
}
