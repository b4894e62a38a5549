/**
 * The model's layer graph run op by op, forwards and backwards.
 *
 * Why not tf.grad: on the wasm backend it fails (no Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropInput /
 * Filter or Relu6 gradient kernels), and elsewhere it also computes every filter gradient, which saliency never
 * uses. The input gradient needs only forward ops that every backend has: matMul, conv2d, depthwiseConv2d, pad,
 * concat, comparisons. Supported layers are exactly what training/lib/tfjs_export.py writes (and the shared MobileNetV2):
 * InputLayer, Conv2D, DepthwiseConv2D ('same' padding, relu6 or linear), Add, GlobalAveragePooling2D, Dense, and
 * Concatenate on the last axis (the out-of-scope output joins two projections).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Activation functions the graph runs. */
type Activation = 'relu6' | 'relu' | 'linear';

/** One layer of the graph, with its weights (owned by the caller's weight map, or by the graph for derived ones). */
export interface GraphNode {
  name: string;
  kind: 'InputLayer' | 'Conv2D' | 'DepthwiseConv2D' | 'Add' | 'GlobalAveragePooling2D' | 'Dense' | 'Concatenate';
  inputs: string[];
  activation: Activation;
  strides: [number, number];
  kernelSize: [number, number];
  kernel?: tf.Tensor;
  bias?: tf.Tensor1D;
  /** The kernel as the input-gradient convolution needs it: spatially flipped, and for Conv2D in/out swapped. */
  backKernel?: tf.Tensor4D;
}

/** The runnable graph. `dispose()` frees only the derived kernels; the model owns the rest. */
export interface ModelGraph {
  nodes: GraphNode[];
  input: string;
  /** The InputLayer's batch input shape from the topology, e.g. [null, 160, 160, 3]. */
  inputShape: (number | null)[] | undefined;
  outputs: string[];
  dispose(): void;
}

/** A layer's entry in a Keras functional model config (what model.json's modelTopology holds). */
interface LayerSpec {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: unknown[];
}

const pair = (v: unknown, fallback: number): [number, number] => {
  if (Array.isArray(v) && v.length === 2) return [Number(v[0]), Number(v[1])];
  if (typeof v === 'number') return [v, v];
  return [fallback, fallback];
};

/** Keras config of a functional model: { layers, input_layers, output_layers }, from model.json's modelTopology. */
function modelConfig(topology: unknown): { layers: LayerSpec[]; input_layers: unknown[][]; output_layers: unknown[][] } {
  const t = topology as { config?: unknown; model_config?: { config?: unknown } } | null;
  const cfg = (t?.model_config?.config ?? t?.config) as { layers?: LayerSpec[]; input_layers?: unknown[][]; output_layers?: unknown[][] } | undefined;
  if (!cfg || !Array.isArray(cfg.layers) || !Array.isArray(cfg.output_layers)) throw new Error('model topology has no functional model config');
  return { layers: cfg.layers, input_layers: cfg.input_layers ?? [], output_layers: cfg.output_layers };
}

/**
 * Where the layer weights come from: the tensors tf.io.decodeWeights made from model.json's weightsManifest (named
 * "<layer>/kernel", "<layer>/depthwise_kernel", "<layer>/bias"; what the app uses, so it needs no tfjs-layers), or
 * anything with getLayer(name).getWeights() in Keras order (a tfjs-layers LayersModel, which tests use).
 */
export type WeightSource = tf.NamedTensorMap | { getLayer(name: string): { getWeights(): tf.Tensor[] } };

function layerWeights(src: WeightSource, name: string, kind: GraphNode['kind']): tf.Tensor[] {
  if (typeof (src as { getLayer?: unknown }).getLayer === 'function') {
    return (src as { getLayer(name: string): { getWeights(): tf.Tensor[] } }).getLayer(name).getWeights();
  }
  const map = src as tf.NamedTensorMap;
  const kernel = map[`${name}/${kind === 'DepthwiseConv2D' ? 'depthwise_kernel' : 'kernel'}`];
  const bias = map[`${name}/bias`];
  return [kernel, bias].filter((t): t is tf.Tensor => t !== undefined);
}

/**
 * Builds the graph from model.json's modelTopology and the layer weights. Throws on a layer type, activation or
 * padding the backward pass does not implement, naming the layer.
 */
export function buildGraph(topology: unknown, weights: WeightSource): ModelGraph {
  const cfg = modelConfig(topology);
  const nodes: GraphNode[] = [];
  const seen = new Set<string>();
  const owned: tf.Tensor[] = [];
  for (const spec of cfg.layers) {
    const kind = spec.class_name as GraphNode['kind'];
    const c = spec.config;
    const first = (spec.inbound_nodes[0] ?? []) as unknown[][];
    const inputs = first.map((n) => String(n[0]));
    for (const i of inputs) if (!seen.has(i)) throw new Error(`layer ${spec.name}: input ${i} is not defined before it`);
    const activation = (typeof c.activation === 'string' ? c.activation : 'linear') as Activation;
    const node: GraphNode = {
      name: spec.name,
      kind,
      inputs,
      activation,
      strides: pair(c.strides, 1),
      kernelSize: pair(c.kernel_size, 1),
    };
    switch (kind) {
      case 'InputLayer':
      case 'Add':
      case 'GlobalAveragePooling2D':
        break;
      case 'Concatenate': {
        const axis = c.axis ?? -1;
        if (axis !== -1) throw new Error(`layer ${spec.name}: Concatenate on axis ${String(axis)} is not supported (-1)`);
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D':
      case 'Dense': {
        if (!['relu6', 'relu', 'linear'].includes(activation))
          throw new Error(`layer ${spec.name}: activation ${activation} is not supported (relu6, relu, linear)`);
        if (kind !== 'Dense' && c.padding !== 'same') throw new Error(`layer ${spec.name}: padding ${String(c.padding)} is not supported (same)`);
        if (kind !== 'Dense' && pair(c.dilation_rate, 1).some((d) => d !== 1)) throw new Error(`layer ${spec.name}: dilation is not supported`);
        if (kind === 'DepthwiseConv2D' && (c.depth_multiplier ?? 1) !== 1) throw new Error(`layer ${spec.name}: depth_multiplier must be 1`);
        const w = layerWeights(weights, spec.name, kind);
        node.kernel = w[0];
        node.bias = c.use_bias === false ? undefined : (w[1] as tf.Tensor1D | undefined);
        if (!node.kernel) throw new Error(`layer ${spec.name}: no kernel weights`);
        if (kind === 'Conv2D') {
          const k = node.kernel as tf.Tensor4D;
          node.backKernel = tf.tidy(() => tf.reverse(tf.transpose(k, [0, 1, 3, 2]), [0, 1]) as tf.Tensor4D);
          owned.push(node.backKernel);
        } else if (kind === 'DepthwiseConv2D') {
          const k = node.kernel as tf.Tensor4D;
          node.backKernel = tf.tidy(() => tf.reverse(k, [0, 1]) as tf.Tensor4D);
          owned.push(node.backKernel);
        }
        break;
      }
      default:
        throw new Error(`layer ${spec.name}: layer type ${spec.class_name} is not supported`);
    }
    nodes.push(node);
    seen.add(spec.name);
  }
  const inputNode = nodes.find((n) => n.kind === 'InputLayer');
  if (!inputNode) throw new Error('model has no InputLayer');
  const outputs = cfg.output_layers.map((o) => String(o[0]));
  for (const o of outputs) if (!seen.has(o)) throw new Error(`output ${o} is not a layer`);
  const inputSpec = cfg.layers.find((l) => l.name === inputNode.name)?.config;
  const inputShape = (inputSpec?.batch_input_shape ?? inputSpec?.batch_shape ?? inputSpec?.batchInputShape) as (number | null)[] | undefined;
  return {
    nodes,
    input: inputNode.name,
    inputShape: Array.isArray(inputShape) ? inputShape : undefined,
    outputs,
    dispose: () => owned.forEach((t) => t.dispose()),
  };
}

function activate(x: tf.Tensor, a: Activation): tf.Tensor {
  if (a === 'relu6') return tf.relu6(x);
  if (a === 'relu') return tf.relu(x);
  return x;
}

/** One layer forwards. Fused ops where the backends have them (conv + bias + activation in one kernel). */
function forwardNode(n: GraphNode, xs: tf.Tensor[]): tf.Tensor {
  const x = xs[0];
  if (!x) throw new Error(`layer ${n.name}: missing input`);
  switch (n.kind) {
    case 'InputLayer':
      return x;
    case 'Conv2D':
      return tf.fused.conv2d({ x: x as tf.Tensor4D, filter: n.kernel as tf.Tensor4D, strides: n.strides, pad: 'same', bias: n.bias, activation: n.activation });
    case 'DepthwiseConv2D':
      return tf.fused.depthwiseConv2d({
        x: x as tf.Tensor4D,
        filter: n.kernel as tf.Tensor4D,
        strides: n.strides,
        pad: 'same',
        bias: n.bias,
        activation: n.activation,
      });
    case 'Add':
      return xs.slice(1).reduce((s, t) => tf.add(s, t), x);
    case 'GlobalAveragePooling2D':
      return tf.mean(x, [1, 2]);
    case 'Concatenate':
      return tf.concat(xs, -1);
    case 'Dense':
      return activate(tf.fused.matMul({ a: x as tf.Tensor2D, b: n.kernel as tf.Tensor2D, bias: n.bias }), n.activation);
  }
}

/** Forward results: the model outputs in order, and (when kept) every layer's output by layer name. */
export interface ForwardResult {
  outputs: tf.Tensor[];
  activations: Map<string, tf.Tensor>;
}

/**
 * Runs the graph. With keep = false each intermediate is disposed as soon as its last consumer has run, so a
 * batch's peak memory is a few layers, not the whole network; with keep = true every activation is returned for
 * the backward pass. Call inside tf.tidy (the caller owns what is returned).
 */
export function forward(g: ModelGraph, x: tf.Tensor4D, keep: boolean): ForwardResult {
  const uses = new Map<string, number>();
  for (const n of g.nodes) for (const i of n.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
  for (const o of g.outputs) uses.set(o, (uses.get(o) ?? 0) + 1);
  const live = new Map<string, tf.Tensor>();
  for (const n of g.nodes) {
    const xs = n.kind === 'InputLayer' ? [x] : n.inputs.map((i) => live.get(i) as tf.Tensor);
    const y = forwardNode(n, xs);
    live.set(n.name, y);
    if (keep) continue;
    for (const i of n.inputs) {
      const left = (uses.get(i) ?? 0) - 1;
      uses.set(i, left);
      const t = live.get(i);
      if (left === 0 && t && t !== x) {
        t.dispose();
        live.delete(i);
      }
    }
  }
  return { outputs: g.outputs.map((o) => live.get(o) as tf.Tensor), activations: keep ? live : new Map() };
}

/** TF 'same' padding before the data on one axis. */
function samePadBefore(inLen: number, outLen: number, k: number, s: number): number {
  return Math.floor(Math.max((outLen - 1) * s + k - inLen, 0) / 2);
}

/**
 * Inserts s-1 zeros after every row and column: [N, O, P, C] -> [N, O*s, P*s, C], with two pads of rank 4 (a
 * zero row / column appended to each row / column, then reshapes, which are free) instead of zeros + concat.
 */
function dilate(g: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  const [n, o, p, c] = g.shape;
  let t: tf.Tensor = g;
  if (sh > 1)
    t = tf.pad(tf.reshape(t, [n, o, 1, p * c]), [
      [0, 0],
      [0, 0],
      [0, sh - 1],
      [0, 0],
    ]);
  if (sw > 1)
    t = tf.pad(tf.reshape(t, [n * o * sh, p, 1, c]), [
      [0, 0],
      [0, 0],
      [0, sw - 1],
      [0, 0],
    ]);
  return tf.reshape(t, [n, o * sh, p * sw, c]);
}

/**
 * The upstream gradient laid out so that a 'valid' correlation with the flipped kernel gives d loss / d input:
 * dx[i] = sum_m dpad[i + m] * wflip[m] with dpad the zero-dilated gradient shifted by k - 1 - padBefore.
 */
function backPad(g: tf.Tensor4D, inH: number, inW: number, n: GraphNode): tf.Tensor4D {
  const [sh, sw] = n.strides;
  const [kh, kw] = n.kernelSize;
  const outH = g.shape[1];
  const outW = g.shape[2];
  let d = dilate(g, sh, sw);
  const left = [kh - 1 - samePadBefore(inH, outH, kh, sh), kw - 1 - samePadBefore(inW, outW, kw, sw)];
  const right = [inH + kh - 1 - left[0]! - d.shape[1], inW + kw - 1 - left[1]! - d.shape[2]];
  if (right[0]! < 0 || right[1]! < 0) {
    d = tf.slice(d, [0, 0, 0, 0], [-1, d.shape[1] + Math.min(0, right[0]!), d.shape[2] + Math.min(0, right[1]!), -1]);
  }
  return tf.pad(d, [
    [0, 0],
    [left[0]!, Math.max(0, right[0]!)],
    [left[1]!, Math.max(0, right[1]!)],
    [0, 0],
  ]);
}

/** Whether the active backend has a kernel (checked per call: the backend can change, e.g. on fallback). */
const hasKernel = (name: string): boolean => tf.getKernel(name, tf.getBackend()) !== undefined;

let backpropKernels = true;
/** Tests turn the backprop-input kernels off to check the generic (dilate + conv) path on the cpu backend. */
export function useBackpropKernels(on: boolean): void {
  backpropKernels = on;
}

/** d loss / d (conv input) from d loss / d (conv output before activation). */
function convInputGrad(n: GraphNode, g: tf.Tensor4D, xShape: number[]): tf.Tensor4D {
  const [, inH, inW] = xShape as [number, number, number, number];
  const back = n.backKernel as tf.Tensor4D;
  const strided = n.strides[0] > 1 || n.strides[1] > 1;
  if (n.kind === 'Conv2D' && n.kernelSize[0] === 1 && n.kernelSize[1] === 1 && !strided) {
    // A 1x1 stride-1 convolution is a matMul over channels; its transpose is the 1x1 conv with in/out swapped.
    return tf.conv2d(g, back, 1, 'valid');
  }
  // A strided layer: the backend's own backprop-input kernel skips the zeros that the generic path would first
  // write (dilation) and then convolve over. The wasm backend has none for depthwise, so it keeps the generic path.
  // Its Conv2DBackpropInput is a plain loop, slower than dilate + its XNNPACK conv2d, so wasm never uses it.
  if (strided && backpropKernels && tf.getBackend() !== 'wasm') {
    if (n.kind === 'Conv2D' && hasKernel('Conv2DBackpropInput')) {
      return tf.conv2dTranspose(g, n.kernel as tf.Tensor4D, xShape as [number, number, number, number], n.strides, 'same');
    }
    if (n.kind === 'DepthwiseConv2D' && hasKernel('DepthwiseConv2dNativeBackpropInput')) {
      return tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: g, filter: n.kernel as tf.Tensor4D }, {
        strides: n.strides,
        pad: 'same',
        dilations: [1, 1],
        inputShape: xShape,
      } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
    }
  }
  const padded = backPad(g, inH, inW, n);
  return n.kind === 'Conv2D' ? tf.conv2d(padded, back, 1, 'valid') : tf.depthwiseConv2d(padded, back, 1, 'valid');
}

/**
 * WebGL: the whole mask in one packed shader pass (g where lo < y < hi, else 0) instead of four element-wise
 * passes; on WebGL every op is a pass over the tensor, and the masks were a large share of the backward pass.
 * null where this backend is not WebGL (or a WebGL backend without compileAndRun).
 */
function webglMask(g: tf.Tensor, y: tf.Tensor, a: 'relu6' | 'relu'): tf.Tensor | null {
  if (tf.getBackend() !== 'webgl' || !tf.util.arraysEqual(g.shape, y.shape)) return null;
  const backend = tf.backend() as unknown as { compileAndRun?: (program: object, inputs: tf.TensorInfo[]) => tf.TensorInfo };
  if (typeof backend.compileAndRun !== 'function') return null;
  const upper = a === 'relu6' ? ' * vec4(lessThan(y, vec4(6.0)))' : '';
  const program = {
    variableNames: ['G', 'Y'],
    outputShape: g.shape,
    packedInputs: true,
    packedOutput: true,
    userCode: `
      void main() {
        vec4 y = getYAtOutCoords();
        setOutput(getGAtOutCoords() * vec4(greaterThan(y, vec4(0.0)))${upper});
      }`,
  };
  return tf.engine().makeTensorFromTensorInfo(backend.compileAndRun(program, [g, y]));
}

/**
 * Zeroes the gradient where the activation was flat: relu6 passes it where 0 < y < 6, relu where y > 0. Only
 * float arithmetic and step: comparison kernels (greater, less, equal) on wasm are plain broadcasting loops with
 * bool outputs and were most of the backward pass there. relu6: y (6 - y) > 0 exactly when 0 < y < 6, since y is
 * a relu6 output in [0, 6]. WebGL runs the same mask as one shader (webglMask).
 */
function activationGrad(g: tf.Tensor, y: tf.Tensor, a: Activation): tf.Tensor {
  if (a === 'linear') return g;
  const fused = webglMask(g, y, a);
  if (fused) return fused;
  if (a === 'relu') return tf.mul(g, tf.step(y));
  return tf.mul(g, tf.step(tf.mul(y, tf.sub(6, y))));
}

/**
 * d loss / d input given d loss / d output for some outputs (by layer name), using the activations a
 * forward(keep = true) pass returned. Call inside tf.tidy.
 */
export function inputGradient(g: ModelGraph, acts: Map<string, tf.Tensor>, seeds: Map<string, tf.Tensor>): tf.Tensor4D {
  const grads = new Map<string, tf.Tensor>(seeds);
  const accumulate = (name: string, t: tf.Tensor): void => {
    const prev = grads.get(name);
    grads.set(name, prev ? tf.add(prev, t) : t);
  };
  const act = (name: string): tf.Tensor => {
    const t = acts.get(name);
    if (!t) throw new Error(`inputGradient: no activation kept for ${name}`);
    return t;
  };
  for (let k = g.nodes.length - 1; k >= 0; k--) {
    const n = g.nodes[k] as GraphNode;
    const dy = grads.get(n.name);
    if (!dy || n.kind === 'InputLayer') continue;
    const src = n.inputs[0] as string;
    switch (n.kind) {
      case 'Add':
        for (const i of n.inputs) accumulate(i, dy);
        break;
      case 'Concatenate': {
        const widths = n.inputs.map((i) => act(i).shape.at(-1) as number);
        tf.split(dy, widths, -1).forEach((part, j) => accumulate(n.inputs[j] as string, part));
        break;
      }
      case 'GlobalAveragePooling2D': {
        const [b, h, w, c] = act(src).shape as [number, number, number, number];
        accumulate(src, tf.mul(tf.reshape(tf.div(dy, h * w), [b, 1, 1, c]), tf.ones([1, h, w, 1])));
        break;
      }
      case 'Dense': {
        const dz = activationGrad(dy, act(n.name), n.activation);
        accumulate(src, tf.matMul(dz as tf.Tensor2D, n.kernel as tf.Tensor2D, false, true));
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const dz = activationGrad(dy, act(n.name), n.activation) as tf.Tensor4D;
        accumulate(src, convInputGrad(n, dz, act(src).shape));
        break;
      }
    }
  }
  const dx = grads.get(g.input);
  if (!dx) throw new Error('inputGradient: the seeded outputs do not depend on the input');
  return dx as tf.Tensor4D;
}
