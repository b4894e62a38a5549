/**
 * In-page bench harness: runs the app's own model code (src/model: backend choice, fetch + sha256 + Cache API,
 * build, classify, saliency) and two baselines on the same tfjs backend, and exposes them to bench/run.mjs as
 * window.bench. Built by bench/run.mjs with its own Vite config (no edits to the app's config).
 */
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../../src/model/backend';
import { buildClassifier, fetchModelFiles } from '../../src/model/load';
import type { Classifier } from '../../src/model/classifier';
import { isBackendName } from '../../src/model/backend';

const now = (): number => performance.now();
let app: Classifier | undefined;

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

/** Runs fn up to n times (at least min) or until budgetMs is spent; returns the durations. */
async function repeat(fn: () => Promise<unknown>, n: number, min: number, budgetMs: number): Promise<number[]> {
  const times: number[] = [];
  const start = now();
  for (let i = 0; i < n; i++) {
    if (i >= min && now() - start > budgetMs) break;
    const t0 = now();
    await fn();
    times.push(now() - t0);
  }
  return times;
}

async function init(): Promise<{ backend: string; fallbacks: string[]; initMs: number }> {
  const b = new URLSearchParams(location.search).get('backend');
  const t0 = now();
  const choice = await chooseBackend(isBackendName(b) ? b : undefined);
  return { ...choice, initMs: now() - t0 };
}

/** The app's loadModel() + warmUp(), step by step: what "model ready" means in the app. Times from navigation start. */
async function loadApp(): Promise<Record<string, unknown>> {
  const t0 = now();
  const files = await fetchModelFiles('/model/');
  const t1 = now();
  app = await buildClassifier(files.modelJson, files.metadata, files.weights);
  const t2 = now();
  const x = new Float32Array(app.inputLength);
  await app.classify(x);
  const t3 = now();
  await app.saliency(x, [0]);
  const t4 = now();
  return {
    start_ms: t0,
    fetch_ms: t1 - t0,
    build_ms: t2 - t1,
    first_classify_ms: t3 - t2,
    first_saliency_ms: t4 - t3,
    ready_ms: t4,
    from_cache: files.fromCache,
    input_size: app.size,
  };
}

async function classifyRuns(n: number, min: number, budgetMs: number): Promise<number[]> {
  const c = app!;
  const x = input(c.inputLength, 7);
  return repeat(() => c.classify(x), n, min, budgetMs);
}

async function saliencyRuns(n: number, min: number, budgetMs: number): Promise<number[]> {
  const c = app!;
  const x = input(c.inputLength, 11);
  const top = (await c.classify(x)).probabilities.reduce((best, p, i, a) => (p > a[best]! ? i : best), 0);
  return repeat(() => c.saliency(x, [top]), n, min, budgetMs);
}

function disposeApp(): void {
  app?.dispose();
  app = undefined;
}

function memory(): Record<string, number | null> {
  const m = tf.memory();
  const pm = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
  return { num_tensors: m.numTensors, num_bytes: m.numBytes, js_heap_used: pm ? pm.usedJSHeapSize : null };
}

/** Times model(x) with readback of a [1, C] result: first call, then runs. */
async function timeModel(run: (x: tf.Tensor4D) => tf.Tensor, size: number, n: number, min: number, budgetMs: number) {
  const x = tf.tensor4d(input(size * size * 3, 3), [1, size, size, 3]);
  const once = async (): Promise<void> => {
    const y = tf.tidy(() => run(x));
    try {
      await y.data();
    } finally {
      y.dispose();
    }
  };
  const t0 = now();
  await once();
  const first = now() - t0;
  const times = await repeat(once, n, min, budgetMs);
  x.dispose();
  return { first_ms: first, times };
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

/**
 * The ../shared ImageNet MobileNetV2 1.0 backbone (no top), uint8 weights dequantised to float32 at load, at 224
 * (size 224: the shipped model.json as is) or at another input side.
 */
async function backbone(n: number, min: number, budgetMs: number, size = 224) {
  const t0 = now();
  const model = await tf.loadLayersModel(size === 224 ? '/bench-assets/backbone/model.json' : backboneAt(size));
  const loadMs = now() - t0;
  const dtypes = [...new Set(model.getWeights().map((w) => w.dtype))];
  const params = model.countParams();
  // Global average pool on the feature map, as the app's head does, so only [1, 1280] is read back.
  const outShape = (model.outputs[0]?.shape ?? []).slice();
  const r = await timeModel(
    (x) => {
      const y = model.predict(x) as tf.Tensor;
      return y.rank === 4 ? tf.mean(y, [1, 2]) : y;
    },
    size,
    n,
    min,
    budgetMs,
  );
  model.dispose();
  return { size, load_ms: loadMs, weight_dtypes: dtypes, params, output_shape: outShape, ...r };
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

async function v1(n: number, min: number, budgetMs: number) {
  const t0 = now();
  const model = mobilenetV1();
  const buildMs = now() - t0;
  const params = model.countParams();
  const r = await timeModel((x) => model.predict(x) as tf.Tensor, 224, n, min, budgetMs);
  model.dispose();
  return { build_ms: buildMs, params, ...r };
}

async function clearCaches(): Promise<void> {
  for (const k of await caches.keys()) await caches.delete(k);
}

const api = { init, loadApp, classifyRuns, saliencyRuns, disposeApp, memory, backbone, v1, clearCaches, tfVersion: tf.version.tfjs };
(window as unknown as { bench: typeof api }).bench = api;
// ?auto=1: choose the backend and load the app's model straight away, so ready_ms counts from navigation start.
if (new URLSearchParams(location.search).has('auto')) {
  (window as unknown as { benchLoad: Promise<unknown> }).benchLoad = (async () => {
    const b = await init();
    if (!isBackendName(new URLSearchParams(location.search).get('backend')) || b.backend === new URLSearchParams(location.search).get('backend')) {
      return { init: b, load: await loadApp() };
    }
    return { init: b, load: null };
  })().catch((e: unknown) => ({ error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }));
}
document.getElementById('state')!.textContent = 'harness ready';
