/**
 * classify and saliency on a loaded model: plain typed arrays in, plain data out, every tensor inside tidy. It reports
 * the model's outputs and decides nothing about the photo (core/photo-decision.ts does, once, for whoever asked).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelMetadata } from '../core/metadata';
import { softmax } from '../core/probabilities';
import { buildGraph, forward, inputGradient, type ModelGraph } from './graph';
import type { Prediction, SaliencyMap } from './types';

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** A loaded model ready to run; owns its weight tensors and disposes them. */
export class Classifier {
  readonly size: number;
  private readonly graph: ModelGraph;
  private readonly logitsIndex: number;

  constructor(
    private readonly weights: tf.NamedTensorMap,
    readonly metadata: ModelMetadata,
    topology: unknown,
  ) {
    this.size = metadata.input.size;
    this.graph = buildGraph(topology, weights);
    if (this.graph.outputs.length !== 3) throw new Error(`model has ${this.graph.outputs.length} outputs, the contract says 3 (logits, features, ood_proj)`);
    this.logitsIndex = 0;
  }

  /** Floats per input image: size * size * 3. */
  get inputLength(): number {
    return this.size * this.size * 3;
  }

  private check(input: Float32Array, n: number): void {
    if (input.length !== n * this.inputLength) {
      throw new Error(`expected ${n} x ${this.size} x ${this.size} x 3 = ${n * this.inputLength} floats, got ${input.length}`);
    }
  }

  private predictionFrom(logits: ArrayLike<number>, features: ArrayLike<number>, z: ArrayLike<number>, ms: number): Prediction {
    const k = this.metadata.ood.eigenvalues.length;
    const all = Array.from(z);
    return {
      logits: Array.from(logits),
      probabilities: Array.from(softmax(logits, this.metadata.temperature)),
      features: Array.from(features),
      // The map's neighbours use the PCA coordinates only; the mid-layer ones after them are for the out-of-scope test.
      z: all.slice(0, k),
      zMid: all.slice(k),
      ms,
    };
  }

  /** Classifies n images packed one after another in `inputs` (NHWC). One readback for the whole batch. */
  async classifyBatch(inputs: Float32Array, n: number): Promise<Prediction[]> {
    this.check(inputs, n);
    const t0 = now();
    const packed = tf.tidy(() => {
      const x = tf.tensor4d(inputs, [n, this.size, this.size, 3]);
      const { outputs } = forward(this.graph, x, false);
      // One tensor, one readback: [logits | features | z] per row.
      return tf.concat(outputs as tf.Tensor2D[], 1);
    });
    let data: Float32Array;
    try {
      data = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    const ms = (now() - t0) / n;
    const width = data.length / n;
    const nl = this.metadata.labels.length;
    const nf = this.metadata.ood.mean.length;
    const out: Prediction[] = [];
    for (let i = 0; i < n; i++) {
      const row = data.subarray(i * width, (i + 1) * width);
      out.push(this.predictionFrom(row.subarray(0, nl), row.subarray(nl, nl + nf), row.subarray(nl + nf), ms));
    }
    return out;
  }

  /** Classifies one preprocessed input (core/preprocess toModelInput()). */
  async classify(input: Float32Array): Promise<Prediction> {
    const [p] = await this.classifyBatch(input, 1);
    return p as Prediction;
  }

  /**
   * L1 norm over RGB of d loss / d input with loss = -log(sum of softmax(logits / T) over `members`), by a
   * hand-written backward pass (graph.ts says why not tf.grad). Also returns the prediction it computed on the way.
   */
  async saliencyWithPrediction(input: Float32Array, members: number[]): Promise<{ map: SaliencyMap; prediction: Prediction }> {
    this.check(input, 1);
    const nl = this.metadata.labels.length;
    if (members.length === 0 || members.some((m) => !Number.isInteger(m) || m < 0 || m >= nl)) {
      throw new Error(`saliency members must be label indices 0..${nl - 1} (${this.metadata.labels.join(', ')}), got [${members.join(', ')}]`);
    }
    const t0 = now();
    const nf = this.metadata.ood.mean.length;
    // Forward, seed, backward and |dx| summed over RGB all queued at once, then one readback of
    // [logits | features | z | map]: no round trip to the CPU between the passes, every intermediate freed by tidy.
    const packed = tf.tidy(() => {
      const x = tf.tensor4d(input, [1, this.size, this.size, 3]);
      const { outputs, activations } = forward(this.graph, x, true);
      const logits = outputs[this.logitsIndex] as tf.Tensor2D;
      const seeds = new Map([[this.graph.outputs[this.logitsIndex] as string, this.seed(logits, members)]]);
      const dx = inputGradient(this.graph, activations, seeds);
      const map = tf.sum(tf.abs(dx), -1);
      return tf.concat([...outputs.map((o) => tf.reshape(o, [-1])), tf.reshape(map, [-1])]);
    });
    let data: Float32Array;
    try {
      data = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    const heads = nl + nf + (data.length - nl - nf - this.size * this.size);
    const prediction = this.predictionFrom(data.subarray(0, nl), data.subarray(nl, nl + nf), data.subarray(nl + nf, heads), 0);
    const values = data.slice(heads);
    const ms = now() - t0;
    prediction.ms = ms;
    return { map: { size: this.size, values, members: [...members], ms }, prediction };
  }

  /**
   * d loss / d logits on the device (core/probabilities nodeLossLogitGradient, same formula): (p - q) / T with
   * p = softmax(logits / T) and q the same softmax over the members only (p_i / mass for a member, in log space, so
   * a node whose mass underflows float32 still gets its gradient).
   */
  private seed(logits: tf.Tensor2D, members: number[]): tf.Tensor {
    const nl = this.metadata.labels.length;
    const T = this.metadata.temperature;
    const off = new Float32Array(nl).fill(-1e30);
    for (const m of members) off[m] = 0;
    const z = tf.div(logits, T);
    return tf.div(tf.sub(tf.softmax(z), tf.softmax(tf.add(z, tf.tensor2d(off, [1, nl])))), T);
  }

  /** The saliency map alone (see saliencyWithPrediction). */
  async saliency(input: Float32Array, members: number[]): Promise<SaliencyMap> {
    return (await this.saliencyWithPrediction(input, members)).map;
  }

  /** The model's outputs as tensors, for tests that compare against tfjs-layers (caller disposes). */
  predictRaw(x: tf.Tensor4D): tf.Tensor[] {
    return tf.tidy(() => forward(this.graph, x, false).outputs);
  }

  /** The graph, for tests. */
  get modelGraph(): ModelGraph {
    return this.graph;
  }

  dispose(): void {
    this.graph.dispose();
    for (const t of Object.values(this.weights)) t.dispose();
  }
}
