/** The typed messages between client.ts and worker.ts. Float32Array buffers are transferred, not copied. */
import type { BackendName, LoadProgress, ModelInfo, Prediction, SaliencyMap } from './types';

/** Page -> worker. Every request has an id; 'cancel' names the request to drop if it has not started. */
export type WorkerRequest =
  | { id: number; type: 'load'; baseUrl: string; backend?: BackendName }
  | { id: number; type: 'classify'; input: Float32Array }
  | { id: number; type: 'saliency'; input: Float32Array; members: number[] }
  | { id: number; type: 'memory' }
  | { id: number; type: 'lose-device' }
  | { id: number; type: 'cancel'; target: number };

/** Results by request type. */
export interface WorkerResults {
  load: ModelInfo;
  classify: Prediction;
  saliency: SaliencyMap;
  memory: { numTensors: number; numBytes: number };
  'lose-device': boolean;
}

/** An error as it crosses the worker boundary (Error objects lose their class there). */
export interface WireError {
  name: string;
  message: string;
  /** ModelError's code, when it was one. */
  code?: string;
}

/** Worker -> page. 'progress' may come many times before one 'result' or 'error'. */
export type WorkerResponse =
  | { id: number; type: 'progress'; progress: LoadProgress }
  | { id: number; type: 'result'; result: WorkerResults[keyof WorkerResults] }
  | { id: number; type: 'error'; error: WireError };
