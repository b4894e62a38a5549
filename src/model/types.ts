/** The typed surface of the model layer: plain data crosses it, never tensors. */
import type { ModelMetadata } from '../core/metadata';
import type { Taxonomy } from '../core/taxonomy';

/** tfjs backends in the order the app tries them. */
export const BACKEND_ORDER = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** One tfjs backend name. */
export type BackendName = (typeof BACKEND_ORDER)[number];

/** Progress while loading: phase, and bytes (weights) or steps done out of total. */
export interface LoadProgress {
  phase: 'metadata' | 'weights' | 'verify' | 'compile' | 'warmup';
  loaded: number;
  total: number;
}

/** What a loaded model reports about itself. */
export interface ModelInfo {
  metadata: ModelMetadata;
  taxonomy: Taxonomy;
  backend: BackendName;
  /** True when inference runs in a Web Worker, false on the main thread fallback. */
  inWorker: boolean;
  /** True when the weights came from the local cache instead of the network. */
  fromCache: boolean;
  /** Why a preferred backend was skipped (e.g. "webgpu: no adapter"), for the page to show. */
  fallbacks: string[];
  /** Where the load's time went, step by step (the page turns them into performance measures); diagnostics only. */
  trace?: LoadStep[];
}

/** One step of loading the model, in ms since the epoch (performance.timeOrigin + performance.now(), which the page and the worker share). */
export interface LoadStep {
  name: string;
  start: number;
  end: number;
}

/**
 * One classification of one preprocessed input: the model's outputs only. What to make of the photo (analysed,
 * clinical, declined, unsure) is decided from them once, by core/photo-decision.ts, by whoever asked.
 */
export interface Prediction {
  logits: number[];
  /** softmax(logits / temperature), in metadata.labels order. */
  probabilities: number[];
  /** The 1280-d pooled features. */
  features: number[];
  /** The whitened PCA coordinates (first part of the ood_proj output), used by the map to place the photo. */
  z: number[];
  /** The rest of the ood_proj output: the mid-layer coordinates (empty for models without them). */
  zMid: number[];
  ms: number;
  /** Set on the first result after the model had to move to another backend (a lost GPU device). */
  switched?: BackendSwitch;
}

/** The model moved to another backend while the page was open: from where, to where, why. */
export interface BackendSwitch {
  from: BackendName;
  to: BackendName;
  reason: string;
  /** The new backend's skip reasons, as ModelInfo.fallbacks. */
  fallbacks: string[];
}

/** An L1-norm input-gradient saliency map over the model input square. */
export interface SaliencyMap {
  /** Side of the square map (= metadata.input.size). */
  size: number;
  /** size * size values, row-major: sum over RGB of |d loss / d input|. Not normalised. */
  values: Float32Array;
  /** Label indices whose summed probability the loss was taken of. */
  members: number[];
  ms: number;
  /** As Prediction.switched. */
  switched?: BackendSwitch;
}

/** Options every call accepts. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** The one door to the model, whether it runs in a worker or on the main thread. */
export interface ModelClient {
  load(opts?: CallOptions & { backend?: BackendName; onProgress?: (p: LoadProgress) => void }): Promise<ModelInfo>;
  /** input: metadata.input.size^2 * 3 floats from core/preprocess toModelInput(). */
  classify(input: Float32Array, opts?: CallOptions): Promise<Prediction>;
  /** Saliency of -log(sum of probabilities of `members`), e.g. [top] or all malignant leaves. */
  saliency(input: Float32Array, members: number[], opts?: CallOptions): Promise<SaliencyMap>;
  /** Tensor count and backend bytes, for endurance checks. */
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  /**
   * Destroys the WebGPU device the model runs on, as a driver reset or a GPU crash would (for the ?test=1 hook and
   * the end-to-end test of the recovery). Resolves false when the model is not on WebGPU.
   */
  loseDevice?(): Promise<boolean>;
  dispose(): void;
}
