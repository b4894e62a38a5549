/**
 * The model as a lazy singleton with a job queue: what the worker runs, and what the page runs itself when no
 * worker can start. One job at a time (the GPU serialises anyway); a job cancelled before it starts never runs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from './backend';
import type { Classifier } from './classifier';
import { abortError, ModelError, throwIfAborted } from './errors';
import { buildClassifier, fetchModelFiles, warmUp } from './load';
import { timed } from './trace';
import type { BackendChoice } from './backend';
import type { BackendName, BackendSwitch, LoadProgress, LoadStep, ModelInfo, Prediction, SaliencyMap } from './types';

type ModelFiles = Awaited<ReturnType<typeof fetchModelFiles>>;

/**
 * Backends whose first inference can fail where building the model did not (a shader that does not compile, a lost
 * device): they are warmed up before the model counts as loaded, so such a failure moves to the next backend. wasm
 * and cpu run fixed kernels; their warm-up (operator set-up, about a classify's time more on the first one) runs
 * after "ready", in the background, and gives way to a photo.
 */
const WARM_BEFORE_READY: ReadonlySet<BackendName> = new Set(['webgpu', 'webgl']);

/** Options for ModelEngine. */
export interface EngineOptions {
  /**
   * After "ready" on wasm and cpu, how long to wait before setting up the saliency in the background (its backward
   * kernels: a few hundred ms on the first one). A photo chosen in the meantime gets its result without waiting for
   * it. Default 3 s.
   */
  saliencyWarmUpAfterMs?: number;
}

/** The GPUDevice under tfjs's webgpu backend (only the parts used here). */
interface DeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

function webgpuDevice(): DeviceLike | undefined {
  const device = (tf.backend() as unknown as { device?: DeviceLike }).device;
  return device && typeof device.destroy === 'function' && device.lost instanceof Promise ? device : undefined;
}

/** Runs load / classify / saliency one after another. */
export class ModelEngine {
  private classifier: Classifier | undefined;
  private info: ModelInfo | undefined;
  private loading: Promise<ModelInfo> | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  /** Jobs someone asked for, queued and not started yet (the background warm-up gives way to them). */
  private waiting = 0;
  /** The verified model files, kept to rebuild the model on another backend. */
  private files: ModelFiles | undefined;
  /** Backends that failed to run the model or lost their device, and why. */
  private readonly failed = new Set<BackendName>();
  private readonly reasons: string[] = [];
  /** Why the current backend's device was lost; the next job moves the model elsewhere first. */
  private lost: string | undefined;
  /** The move not yet reported in a job result. */
  private switched: BackendSwitch | undefined;

  /** The classifier whose saliency has run once (its set-up done), so the background warm-up can skip it. */
  private saliencyReady: Classifier | undefined;

  constructor(
    private readonly inWorker: boolean,
    private readonly options: EngineOptions = {},
  ) {}

  /** Queues a job; it is skipped with an AbortError if the signal fires before its turn. Background jobs do not count as waiting. */
  private enqueue<T>(job: () => Promise<T>, signal?: AbortSignal, background = false): Promise<T> {
    if (!background) this.waiting++;
    const run = this.tail.then(() => {
      if (!background) this.waiting--;
      throwIfAborted(signal);
      return job();
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every job queued so far has finished (the background warm-up included). */
  settled(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  /** Loads once; later calls get the same model (a forced backend only matters the first time). */
  load(baseUrl: string, opts: { backend?: BackendName; onProgress?: (p: LoadProgress) => void; signal?: AbortSignal } = {}): Promise<ModelInfo> {
    if (this.info) return Promise.resolve(this.info);
    if (!this.loading) {
      this.loading = this.enqueue(async () => {
        const { onProgress, signal } = opts;
        const trace: LoadStep[] = [];
        this.failed.clear();
        this.reasons.length = 0;
        // The backend starts (for wasm: its code, and its binary compiled) while the model files come from the
        // cache or the network; neither needs the other.
        const choice = timed(trace, 'backend', () => chooseBackend(opts.backend, this.failed, this.reasons));
        choice.catch(() => undefined);
        const files = await fetchModelFiles(baseUrl, { onProgress, signal, trace });
        this.files = files;
        return this.build(files, opts.backend, { onProgress, signal, trace, choice });
      }, opts.signal);
      // A failed or cancelled load can be retried.
      this.loading.catch(() => {
        this.loading = undefined;
      });
    }
    return this.loading;
  }

  /**
   * Builds the classifier on the first backend that runs it. A backend can start and still fail on this model (a
   * shader that does not compile, a lost GPU): then the next one in the order gets the same verified files. A
   * forced backend gets no second choice, except after its device was lost.
   */
  private async build(
    files: ModelFiles,
    forced: BackendName | undefined,
    opts: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal; trace?: LoadStep[]; choice?: Promise<BackendChoice> } = {},
  ): Promise<ModelInfo> {
    const { onProgress, signal, trace = [] } = opts;
    let first = opts.choice;
    for (;;) {
      const { backend, fallbacks } = await (first ?? timed(trace, 'backend', () => chooseBackend(forced, this.failed, this.reasons)));
      first = undefined;
      throwIfAborted(signal);
      let classifier: Classifier | undefined;
      try {
        onProgress?.({ phase: 'compile', loaded: 0, total: 1 });
        const built = await timed(trace, 'build', () => buildClassifier(files.modelJson, files.metadata, files.weights));
        classifier = built;
        onProgress?.({ phase: 'compile', loaded: 1, total: 1 });
        if (WARM_BEFORE_READY.has(backend)) {
          onProgress?.({ phase: 'warmup', loaded: 0, total: 1 });
          await timed(trace, 'warm-up', () => warmUp(built));
          onProgress?.({ phase: 'warmup', loaded: 1, total: 1 });
        }
      } catch (e) {
        classifier?.dispose();
        // ModelErrors (a layer the graph does not support, a wrong input shape) are the same on every backend.
        if (e instanceof ModelError) throw e;
        // A forced backend that starts but cannot run the model cannot start it here either: the automatic choice can.
        if (forced)
          throw new ModelError('no-backend', `${backend}, which the address asks for, could not run the model (${e instanceof Error ? e.message : String(e)})`);
        this.failed.add(backend);
        this.reasons.push(`${backend}: could not run the model (${e instanceof Error ? e.message : String(e)})`);
        continue;
      }
      this.classifier = classifier;
      this.info = { metadata: files.metadata, taxonomy: files.taxonomy, backend, inWorker: this.inWorker, fromCache: files.fromCache, fallbacks, trace };
      if (backend === 'webgpu') this.watchDevice(classifier);
      if (!WARM_BEFORE_READY.has(backend)) this.warmUpLater(classifier);
      return this.info;
    }
  }

  /**
   * The warm-up after "ready" (WARM_BEFORE_READY): one classify at once, and one saliency after a quiet while
   * (EngineOptions.saliencyWarmUpAfterMs), each skipped when a job someone asked for is already waiting (that photo's
   * own classify sets the model up just the same) or, for the saliency, once one has run.
   */
  private warmUpLater(c: Classifier): void {
    const x = new Float32Array(c.inputLength);
    const later = (run: () => Promise<unknown>): void => {
      this.enqueue(
        async () => {
          if (this.classifier === c && this.waiting === 0) await run();
        },
        undefined,
        true,
      ).catch(() => undefined);
    };
    later(() => c.classify(x));
    setTimeout(() => {
      if (this.saliencyReady !== c) later(() => this.saliencyOn(c, x, [0]));
    }, this.options.saliencyWarmUpAfterMs ?? 3000);
  }

  /** A saliency on `c`, remembering that its set-up is done. */
  private async saliencyOn(c: Classifier, input: Float32Array, members: number[]): Promise<SaliencyMap> {
    const map = await c.saliency(input, members);
    this.saliencyReady = c;
    return map;
  }

  /** When the WebGPU device behind `classifier` is lost (driver reset, GPU removed, destroyed), remember why. */
  private watchDevice(classifier: Classifier): void {
    void webgpuDevice()?.lost.then((info) => {
      if (this.classifier !== classifier) return;
      this.lost = `webgpu: the GPU device was lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''})`;
    });
  }

  /** Moves the model to the next backend after a lost device, with the files already verified. */
  private async recover(): Promise<void> {
    const from = this.info?.backend;
    const reason = this.lost as string;
    this.lost = undefined;
    try {
      this.classifier?.dispose();
    } catch {
      // Its tensors lived on the lost device.
    }
    this.classifier = undefined;
    if (!from || !this.files) throw new ModelError('model', `${reason}, and the model cannot be rebuilt: reload the page`);
    this.failed.add(from);
    this.reasons.push(reason);
    const info = await this.build(this.files, undefined);
    this.switched = { from, to: info.backend, reason, fallbacks: info.fallbacks };
  }

  /** The classifier to run the next job on, moved to another backend first if its device was lost. */
  private async ready(): Promise<Classifier> {
    if (this.lost) await this.recover();
    if (!this.classifier) throw new ModelError('model', 'the model is not loaded yet: call load() first');
    return this.classifier;
  }

  /**
   * Runs a job; when it fails because the device was lost under it (the loss is reported asynchronously, so
   * give it a moment), moves the model and runs the job once more. The first result after a move says so.
   */
  private async run<T extends { switched?: BackendSwitch }>(job: (c: Classifier) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await job(await this.ready());
    } catch (e) {
      if (this.info?.backend !== 'webgpu' || e instanceof ModelError) throw e;
      await new Promise((r) => setTimeout(r, 50));
      if (!this.lost) throw e;
      result = await job(await this.ready());
    }
    if (this.switched) {
      result.switched = this.switched;
      this.switched = undefined;
    }
    return result;
  }

  classify(input: Float32Array, signal?: AbortSignal): Promise<Prediction> {
    return this.enqueue(() => this.run((c) => c.classify(input)), signal);
  }

  saliency(input: Float32Array, members: number[], signal?: AbortSignal): Promise<SaliencyMap> {
    return this.enqueue(() => this.run((c) => this.saliencyOn(c, input, members)), signal);
  }

  /** Destroys the WebGPU device under the model (see ModelClient.loseDevice); false when not on WebGPU. */
  loseDevice(): Promise<boolean> {
    return this.enqueue(async () => {
      const device = this.info?.backend === 'webgpu' ? webgpuDevice() : undefined;
      if (!device) return false;
      device.destroy();
      await device.lost;
      await new Promise((r) => setTimeout(r, 0));
      return true;
    });
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
