/**
 * In-page bench harness: runs the app's own model engine (src/model/engine.ts: backend choice, fetch + Cache API,
 * build, the warm-up policy, classify, saliency) on this page's thread, and the baselines on the same tfjs backend,
 * and exposes them to bench/run.mjs as window.bench. Built by bench/run.mjs with its own Vite config (no edits to
 * the app's config).
 */
import * as tf from '@tensorflow/tfjs';
import { isBackendName } from '../../src/model/backend';
import { ModelEngine } from '../../src/model/engine';
import type { ModelInfo } from '../../src/model/types';

const now = (): number => performance.now();
let app: { engine: ModelEngine; info: ModelInfo } | undefined;

/** Deterministic pseudo-random input in [-1, 1] (a normalised photo has about this range). */
function input(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 4294967296) * 2 - 1;
  }
  return out;
}

const forcedBackend = () => {
  const b = new URLSearchParams(location.search).get('backend');
  return isBackendName(b) ? b : undefined;
};

/**
 * The app's engine loading the model, as the app's worker does: ready_ms from the call to "ready" (what the status
 * line waits for), then warmup_ms until the queue is idle (the background warm-up on wasm and cpu; nothing on WebGL
 * and WebGPU, which warm up before "ready"). Steps are the engine's own trace, in ms from the call.
 */
async function loadApp(): Promise<Record<string, unknown>> {
  const engine = new ModelEngine(false);
  const t0 = now();
  const origin = performance.timeOrigin + t0;
  const info = await engine.load('/model/', { backend: forcedBackend() });
  const t1 = now();
  await engine.settled();
  const t2 = now();
  app = { engine, info };
  return {
    backend: info.backend,
    fallbacks: info.fallbacks,
    start_ms: t0,
    ready_ms: t1 - t0,
    warmup_ms: t2 - t1,
    from_cache: info.fromCache,
    input_size: info.metadata.input.size,
    steps: (info.trace ?? []).map((s) => ({ name: s.name, start_ms: s.start - origin, ms: s.end - s.start })),
  };
}

type Runner = () => Promise<unknown>;
const runners = new Map<string, Runner>();
const baselineInfo: Record<string, Record<string, unknown>> = {};

/** The app's classify and saliency (of its top class) on one fixed input, through the engine's queue as the app calls them. */
async function prepareApp(): Promise<void> {
  const { engine, info } = app!;
  const x = input(info.metadata.input.size ** 2 * 3, 7);
  const probs = (await engine.classify(x)).probabilities;
  const top = probs.reduce((best, p, i, a) => (p > a[best]! ? i : best), 0);
  runners.set('classify', () => engine.classify(x));
  runners.set('saliency', () => engine.saliency(x, [top]));
}

/** Times model(x) with a [1, C] readback (the app's head pools, so only [1, 1280] comes back). */
function modelRunner(run: (x: tf.Tensor4D) => tf.Tensor, size: number): { once: Runner; x: tf.Tensor4D } {
  const x = tf.tensor4d(input(size * size * 3, 3), [1, size, size, 3]);
  const once = async (): Promise<void> => {
    const y = tf.tidy(() => run(x));
    try {
      await y.data();
    } finally {
      y.dispose();
    }
  };
  return { once, x };
}

/** The backbone's model.json with its input side changed (MobileNetV2 is fully convolutional), weights as shipped. */
function backboneAt(size: number): tf.io.IOHandler {
  return {
    async load() {
      const base = '/bench-assets/backbone/';
      const mj = (await (await fetch(`${base}model.json`)).json()) as tf.io.ModelJSON;
      const text = JSON.stringify(mj.modelTopology).replace('"batch_input_shape":[null,224,224,3]', `"batch_input_shape":[null,${size},${size},3]`);
      const specs = mj.weightsManifest.flatMap((g) => g.weights);
      const bufs = await Promise.all(mj.weightsManifest.flatMap((g) => g.paths).map(async (p) => new Uint8Array(await (await fetch(base + p)).arrayBuffer())));
      const joined = new Uint8Array(bufs.reduce((a, b) => a + b.byteLength, 0));
      let at = 0;
      for (const b of bufs) {
        joined.set(b, at);
        at += b.byteLength;
      }
      return { modelTopology: JSON.parse(text) as tf.io.ModelJSON['modelTopology'], weightSpecs: specs, weightData: joined.buffer };
    },
  };
}

/** MobileNet v1 1.0 224 (Keras layout: conv + BN + ReLU6, 13 depthwise-separable blocks, 1000-way softmax), random float32 weights. */
function mobilenetV1(): tf.LayersModel {
  const x0 = tf.input({ shape: [224, 224, 3] });
  const bnRelu = (t: tf.SymbolicTensor): tf.SymbolicTensor =>
    tf.layers.reLU({ maxValue: 6 }).apply(tf.layers.batchNormalization().apply(t) as tf.SymbolicTensor) as tf.SymbolicTensor;
  let t = bnRelu(tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', useBias: false }).apply(x0) as tf.SymbolicTensor);
  const blocks: [number, number][] = [
    [64, 1],
    [128, 2],
    [128, 1],
    [256, 2],
    [256, 1],
    [512, 2],
    [512, 1],
    [512, 1],
    [512, 1],
    [512, 1],
    [512, 1],
    [1024, 2],
    [1024, 1],
  ];
  for (const [filters, strides] of blocks) {
    t = bnRelu(tf.layers.depthwiseConv2d({ kernelSize: 3, strides, padding: 'same', useBias: false }).apply(t) as tf.SymbolicTensor);
    t = bnRelu(tf.layers.conv2d({ filters, kernelSize: 1, padding: 'same', useBias: false }).apply(t) as tf.SymbolicTensor);
  }
  t = tf.layers.globalAveragePooling2d({}).apply(t) as tf.SymbolicTensor;
  const y = tf.layers.dense({ units: 1000, activation: 'softmax' }).apply(t) as tf.SymbolicTensor;
  return tf.model({ inputs: x0, outputs: y });
}

const baselineModels: { dispose(): void }[] = [];

/**
 * Loads the baselines: 'backbone' (the ../shared ImageNet MobileNetV2 1.0 backbone, no top, uint8 weights
 * dequantised to float32, at 224), 'backbone_app' (the same at the app's input side: the like-for-like floor) and
 * 'v1' (MobileNet v1 1.0 224, random float32 weights). Each is run once (first_ms) before it is timed.
 */
async function prepareBaselines(appSize: number, names: string[]): Promise<Record<string, Record<string, unknown>>> {
  for (const name of names) {
    const t0 = now();
    let model: tf.LayersModel;
    let size = 224;
    if (name === 'v1') model = mobilenetV1();
    else {
      size = name === 'backbone_app' ? appSize : 224;
      model = await tf.loadLayersModel(size === 224 ? '/bench-assets/backbone/model.json' : backboneAt(size));
    }
    const loadMs = now() - t0;
    const { once, x } = modelRunner((xx) => {
      const y = model.predict(xx) as tf.Tensor;
      return y.rank === 4 ? tf.mean(y, [1, 2]) : y;
    }, size);
    const t1 = now();
    await once();
    baselineInfo[name] = {
      size,
      load_ms: loadMs,
      first_ms: now() - t1,
      params: model.countParams(),
      weight_dtypes: [...new Set(model.getWeights().map((w) => w.dtype))],
      output_shape: (model.outputs[0]?.shape ?? []).slice(),
    };
    runners.set(name, once);
    baselineModels.push(model, x);
  }
  return baselineInfo;
}

/**
 * Runs the named measurements in interleaved rounds (classify, saliency, backbone, ... classify, saliency, ...), so
 * that a busy machine slows each of them alike and their ratios hold: up to n rounds, at least min, and no new round
 * once budgetMs is spent. Durations in ms by name.
 */
async function rounds(n: number, min: number, budgetMs: number, names: string[]): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  const start = now();
  for (let i = 0; i < n; i++) {
    if (i >= min && now() - start > budgetMs) break;
    for (const k of names) {
      const run = runners.get(k);
      if (!run) throw new Error(`no measurement named ${k}`);
      const t0 = now();
      await run();
      out[k]!.push(now() - t0);
    }
  }
  return out;
}

function disposeBaselines(): void {
  for (const m of baselineModels.splice(0)) m.dispose();
  for (const k of [...runners.keys()]) if (k !== 'classify' && k !== 'saliency') runners.delete(k);
}

function disposeApp(): void {
  app?.engine.dispose();
  app = undefined;
  runners.delete('classify');
  runners.delete('saliency');
}

function memory(): Record<string, number | null> {
  const m = tf.memory();
  const pm = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return { num_tensors: m.numTensors, num_bytes: m.numBytes, js_heap_used: pm ? pm.usedJSHeapSize : null };
}

async function clearCaches(): Promise<void> {
  for (const k of await caches.keys()) await caches.delete(k);
}

const api = { loadApp, prepareApp, prepareBaselines, rounds, disposeBaselines, disposeApp, memory, clearCaches, tfVersion: tf.version.tfjs };
(window as unknown as { bench: typeof api }).bench = api;
// ?auto=1: load the app's model straight away.
if (new URLSearchParams(location.search).has('auto')) {
  (window as unknown as { benchLoad: Promise<unknown> }).benchLoad = loadApp()
    .then((load) => ({ load }))
    .catch((e: unknown) => ({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }));
}
document.getElementById('state')!.textContent = 'harness ready';
