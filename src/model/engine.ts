/**
 * The model as a lazy singleton with a job queue: what the worker runs, and what the page runs itself when no
 * worker can start. One job at a time (the GPU serialises anyway); a job cancelled before it starts never runs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from './backend';
import type { Classifier } from './classifier';
import { abortError, ModelError, throwIfAborted } from './errors';
import { buildClassifier, fetchModelFiles, warmUp } from './load';
import type { BackendName, LoadProgress, ModelInfo, Prediction, SaliencyMap } from './types';

/** Runs load / classify / saliency one after another. */
export class ModelEngine {
  private classifier: Classifier | undefined;
  private info: ModelInfo | undefined;
  private loading: Promise<ModelInfo> | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly inWorker: boolean) {}

  /** Queues a job; it is skipped with an AbortError if the signal fires before its turn. */
  private enqueue<T>(job: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const run = this.tail.then(() => {
      throwIfAborted(signal);
      return job();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Loads once; later calls get the same model (a forced backend only matters the first time). */
  load(baseUrl: string, opts: { backend?: BackendName; onProgress?: (p: LoadProgress) => void; signal?: AbortSignal } = {}): Promise<ModelInfo> {
    if (this.info) return Promise.resolve(this.info);
    if (!this.loading) {
      this.loading = this.enqueue(async () => {
        const { onProgress, signal } = opts;
        const files = await fetchModelFiles(baseUrl, { onProgress, signal });
        // A backend can start and still fail on this model (a shader that does not compile, a lost GPU): then
        // the next one in the order gets the same verified files. A forced backend gets no second choice.
        const failed = new Set<BackendName>();
        const reasons: string[] = [];
        for (;;) {
          const { backend, fallbacks } = await chooseBackend(opts.backend, failed, reasons);
          throwIfAborted(signal);
          let classifier: Classifier | undefined;
          try {
            onProgress?.({ phase: 'compile', loaded: 0, total: 1 });
            classifier = await buildClassifier(files.modelJson, files.metadata, files.weights);
            onProgress?.({ phase: 'compile', loaded: 1, total: 1 });
            onProgress?.({ phase: 'warmup', loaded: 0, total: 1 });
            await warmUp(classifier);
            onProgress?.({ phase: 'warmup', loaded: 1, total: 1 });
          } catch (e) {
            classifier?.dispose();
            // ModelErrors (a layer the graph does not support, a wrong input shape) are the same on every backend.
            if (opts.backend || e instanceof ModelError) throw e;
            failed.add(backend);
            reasons.push(`${backend}: could not run the model (${e instanceof Error ? e.message : String(e)})`);
            continue;
          }
          this.classifier = classifier;
          this.info = { metadata: files.metadata, taxonomy: files.taxonomy, backend, inWorker: this.inWorker, fromCache: files.fromCache, fallbacks };
          return this.info;
        }
      }, opts.signal);
      // A failed or cancelled load can be retried.
      this.loading.catch(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  private ready(): Classifier {
    if (!this.classifier) throw new ModelError('model', 'the model is not loaded yet: call load() first');
    return this.classifier;
  }

  classify(input: Float32Array, signal?: AbortSignal): Promise<Prediction> {
    return this.enqueue(() => this.ready().classify(input), signal);
  }

  saliency(input: Float32Array, members: number[], signal?: AbortSignal): Promise<SaliencyMap> {
    return this.enqueue(() => this.ready().saliency(input, members), signal);
  }

  memory(): { numTensors: number; numBytes: number } {
    const m = tf.memory();
    return { numTensors: m.numTensors, numBytes: m.numBytes };
  }

  dispose(): void {
    this.classifier?.dispose();
    this.classifier = undefined;
    this.info = undefined;
    this.loading = undefined;
    this.tail = Promise.reject(abortError());
    this.tail.catch(() => undefined);
  }
}
