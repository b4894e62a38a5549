/**
 * The model's layer graph run op by op, forwards and backwards.
 *
 * Why not tf.grad: on the wasm backend it fails (no Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropInput /
 * Filter or Relu6 gradient kernels), and elsewhere it also computes every filter gradient, which saliency never
 * uses. The input gradient needs only forward ops that every backend has: matMul, conv2d, depthwiseConv2d, concat,
 * depthToSpace, slice, step. Supported layers are exactly what training/lib/tfjs_export.py writes (and the shared
 * MobileNetV2): InputLayer, Conv2D, DepthwiseConv2D ('same' padding, the same stride on both axes, relu6 or linear),
 * Add, GlobalAveragePooling2D, Dense, and Concatenate on the last axis (the out-of-scope output joins two projections).
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
  /**
   * Kernels the input gradient convolves with, derived from `kernel` on the first saliency (so building the model,
   * and with it the time to "ready", does not pay for them) and owned by the graph.
   */
  back?: BackKernels;
}

/** A layer's input-gradient kernels (see convInputGrad). */
interface BackKernels {
  /** Stride 1: the kernel spatially flipped, and for Conv2D with in and out channels swapped. */
  flipped?: tf.Tensor4D;
  /** Strided: one kernel per output phase (depthwise), or all phases in one kernel on the last axis (Conv2D). */
  phases?: tf.Tensor4D[];
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
        // The strided input gradient interleaves its phases with depthToSpace, which has one block size.
        if (kind !== 'Dense' && node.strides[0] !== node.strides[1]) throw new Error(`layer ${spec.name}: strides must be equal on both axes`);
        const w = layerWeights(weights, spec.name, kind);
        node.kernel = w[0];
        node.bias = c.use_bias === false ? undefined : (w[1] as tf.Tensor1D | undefined);
        if (!node.kernel) throw new Error(`layer ${spec.name}: no kernel weights`);
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
    dispose() {
      for (const n of nodes) {
        n.back?.flipped?.dispose();
        n.back?.phases?.forEach((t) => t.dispose());
        n.back = undefined;
      }
    },
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

/** Whether the active backend has a kernel (checked per call: the backend can change, e.g. on fallback). */
const hasKernel = (name: string): boolean => tf.getKernel(name, tf.getBackend()) !== undefined;

let backpropKernels = true;
/** Tests turn the backprop-input kernels off to check the phase path (wasm's) on the cpu backend. */
export function useBackpropKernels(on: boolean): void {
  backpropKernels = on;
}

/** A layer's input-gradient kernel, made once, outside the caller's tidy (the graph owns it). */
function derived<T extends tf.Tensor>(make: () => T): T {
  return tf.keep(tf.tidy(make));
}

/** The kernel spatially flipped (Conv2D: in and out channels swapped too): the stride-1 input gradient's kernel. */
function flippedKernel(n: GraphNode): tf.Tensor4D {
  n.back ??= {};
  const k = n.kernel as tf.Tensor4D;
  n.back.flipped ??= derived(() => (n.kind === 'Conv2D' ? tf.reverse(tf.transpose(k, [0, 1, 3, 2]), [0, 1]) : tf.reverse(k, [0, 1])) as tf.Tensor4D);
  return n.back.flipped;
}

/**
 * The phase kernels of a layer with stride s (see phaseInputGrad): for phase (rh, rw) and tap (uh, uw) of a
 * J = ceil(k / s) square window, the weight w[s (J-1-uh) + rh, s (J-1-uw) + rw] (zero past the kernel's edge).
 * Conv2D: one kernel [J, J, out, s*s*in], phases on the last axis in depthToSpace's order, (rh*s + rw)*in + c.
 * DepthwiseConv2D: s*s kernels [J, J, C, 1]. Made from the weights' values once (a few kilobytes).
 */
function phaseKernels(n: GraphNode): tf.Tensor4D[] {
  n.back ??= {};
  if (n.back.phases) return n.back.phases;
  const w = n.kernel as tf.Tensor4D;
  const [kh, kw, cin, cm] = w.shape;
  const s = n.strides[0];
  const [jh, jw] = [Math.ceil(kh / s), Math.ceil(kw / s)];
  const src = w.dataSync();
  const at = (mh: number, mw: number, c: number, o: number): number => (mh < kh && mw < kw ? (src[((mh * kw + mw) * cin + c) * cm + o] as number) : 0);
  const phases: [number, number][] = [];
  for (let rh = 0; rh < s; rh++) for (let rw = 0; rw < s; rw++) phases.push([rh, rw]);
  const taps: [number, number][] = [];
  for (let uh = 0; uh < jh; uh++) for (let uw = 0; uw < jw; uw++) taps.push([uh, uw]);
  if (n.kind === 'Conv2D') {
    const width = phases.length * cin;
    const out = new Float32Array(jh * jw * cm * width);
    taps.forEach(([uh, uw], t) =>
      phases.forEach(([rh, rw], p) => {
        for (let o = 0; o < cm; o++) {
          for (let c = 0; c < cin; c++) out[(t * cm + o) * width + p * cin + c] = at(s * (jh - 1 - uh) + rh, s * (jw - 1 - uw) + rw, c, o);
        }
      }),
    );
    n.back.phases = [derived(() => tf.tensor4d(out, [jh, jw, cm, width]))];
  } else {
    n.back.phases = phases.map(([rh, rw]) => {
      const out = new Float32Array(jh * jw * cin);
      taps.forEach(([uh, uw], t) => {
        for (let c = 0; c < cin; c++) out[t * cin + c] = at(s * (jh - 1 - uh) + rh, s * (jw - 1 - uw) + rw, c, 0);
      });
      return derived(() => tf.tensor4d(out, [jh, jw, cin, 1]));
    });
  }
  return n.back.phases;
}

/**
 * The input gradient of a strided layer, without the zeros a dilated gradient would carry. With stride s, 'same'
 * padding p before the data and input positions i = s t + r - p (phase r < s), the forward pass gives
 * dx[s t + r - p] = sum_j g[t - j] w[s j + r]: for each phase a correlation of g with a kernel of ceil(k / s) taps
 * (phaseKernels). All phases come out of one convolution (Conv2D) or one per phase (depthwise), side by side on the
 * channel axis; depthToSpace interleaves them into rows and columns, and a slice drops the p positions before the
 * input. A quarter of the positions of the dilated gradient at stride 2, and for the first layer (3 channels out) a
 * wider matrix product.
 */
function phaseInputGrad(n: GraphNode, g: tf.Tensor4D, inH: number, inW: number): tf.Tensor4D {
  const s = n.strides[0];
  const [kh, kw] = n.kernelSize;
  const [, outH, outW] = g.shape;
  const [ph, pw] = [samePadBefore(inH, outH, kh, s), samePadBefore(inW, outW, kw, s)];
  // Phase rows t = 0 .. th - 1 cover input rows up to inH - 1; g[t - j] is read for j < ceil(k / s).
  const [th, tw] = [Math.ceil((inH + ph) / s), Math.ceil((inW + pw) / s)];
  const pad: tf.backend_util.ExplicitPadding = [
    [0, 0],
    [Math.ceil(kh / s) - 1, th - outH],
    [Math.ceil(kw / s) - 1, tw - outW],
    [0, 0],
  ];
  const kernels = phaseKernels(n);
  let phased: tf.Tensor4D;
  if (n.kind === 'Conv2D') phased = tf.conv2d(g, kernels[0] as tf.Tensor4D, 1, pad);
  else {
    const parts = kernels.map((k) => tf.depthwiseConv2d(g, k, 1, pad));
    phased = tf.concat(parts, 3) as tf.Tensor4D;
    tf.dispose(parts);
  }
  // Intermediates freed at once (see inputGradient).
  const full = interleave(phased, s);
  phased.dispose();
  if (ph === 0 && pw === 0 && full.shape[1] === inH && full.shape[2] === inW) return full;
  const dx = tf.slice(full, [0, ph, pw, 0], [-1, inH, inW, -1]);
  full.dispose();
  return dx;
}

/**
 * [N, T, T, s*s*C] with channels in (row phase, column phase, channel) order to [N, sT, sT, C]: what depthToSpace
 * does, as one transpose of contiguous s*C runs (wasm's DepthToSpace is a loop over single elements, 10x slower).
 */
function interleave(x: tf.Tensor4D, s: number): tf.Tensor4D {
  const [n, th, tw, width] = x.shape;
  const c = width / (s * s);
  const t = tf.transpose(tf.reshape(x, [n, th, tw, s, s * c]), [0, 1, 3, 2, 4]);
  const out = tf.reshape(t, [n, th * s, tw * s, c]) as tf.Tensor4D;
  t.dispose();
  return out;
}

/** d loss / d (conv input) from d loss / d (conv output before activation). */
function convInputGrad(n: GraphNode, g: tf.Tensor4D, xShape: number[]): tf.Tensor4D {
  const [, inH, inW] = xShape as [number, number, number, number];
  const [kh, kw] = n.kernelSize;
  if (n.strides[0] === 1) {
    // Stride 1: a correlation with the flipped kernel, padded k - 1 - p before and p after (p: the forward pass's
    // padding before), which for an odd kernel is 'same' and for 1x1 'valid' (a matMul over channels).
    const [ph, pw] = [samePadBefore(inH, inH, kh, 1), samePadBefore(inW, inW, kw, 1)];
    const pad: 'valid' | 'same' | tf.backend_util.ExplicitPadding =
      kh === 1 && kw === 1
        ? 'valid'
        : kh % 2 === 1 && kw % 2 === 1
          ? 'same'
          : [
              [0, 0],
              [kh - 1 - ph, ph],
              [kw - 1 - pw, pw],
              [0, 0],
            ];
    const k = flippedKernel(n);
    return n.kind === 'Conv2D' ? tf.conv2d(g, k, 1, pad) : tf.depthwiseConv2d(g, k, 1, pad);
  }
  // Strided: the backend's own backprop-input kernel where it has one (WebGL, WebGPU, cpu). wasm has none for
  // depthwise, and its Conv2DBackpropInput is a plain loop, slower than its XNNPACK conv2d: it takes the phase path.
  if (backpropKernels && tf.getBackend() !== 'wasm') {
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
  return phaseInputGrad(n, g, inH, inW);
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
  // Each intermediate freed at once (see inputGradient).
  const temps: tf.Tensor[] = [];
  const t = (x: tf.Tensor): tf.Tensor => {
    temps.push(x);
    return x;
  };
  const mask = a === 'relu' ? t(tf.step(y)) : t(tf.step(t(tf.mul(y, t(tf.sub(6, y))))));
  const out = tf.mul(g, mask);
  tf.dispose(temps);
  return out;
}

/**
 * d loss / d input given d loss / d output for some outputs (by layer name), using the activations a
 * forward(keep = true) pass returned. Call inside tf.tidy. Frees each gradient, and each activation but the graph's
 * outputs and input, as soon as the pass is done with it (and removes the freed activations from `acts`): the
 * intermediates of a MobileNetV2 pass would otherwise all stay allocated until the tidy ends, doubling the wasm heap
 * (260 MB at 224 px) and with it the memory the pass streams through.
 */
export function inputGradient(g: ModelGraph, acts: Map<string, tf.Tensor>, seeds: Map<string, tf.Tensor>): tf.Tensor4D {
  const grads = new Map<string, tf.Tensor>(seeds);
  // How many entries of `grads` hold each tensor: an Add hands the same gradient to each of its inputs. The seeds
  // belong to the caller.
  const holders = new Map<tf.Tensor, number>();
  const hold = (t: tf.Tensor): void => void holders.set(t, (holders.get(t) ?? 0) + 1);
  const callers = new Set(seeds.values());
  const release = (t: tf.Tensor): void => {
    const left = (holders.get(t) ?? 0) - 1;
    if (left > 0) holders.set(t, left);
    else {
      holders.delete(t);
      if (!callers.has(t)) t.dispose();
    }
  };
  for (const t of seeds.values()) hold(t);
  const accumulate = (name: string, t: tf.Tensor): void => {
    const prev = grads.get(name);
    const sum = prev ? tf.add(prev, t) : t;
    if (prev) {
      release(prev);
      if (!holders.has(t) && !callers.has(t)) t.dispose();
    }
    grads.set(name, sum);
    hold(sum);
  };
  const act = (name: string): tf.Tensor => {
    const t = acts.get(name);
    if (!t) throw new Error(`inputGradient: no activation kept for ${name}`);
    return t;
  };
  const kept = new Set([g.input, ...g.outputs]);
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
      case 'Dense':
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const dz = activationGrad(dy, act(n.name), n.activation);
        accumulate(
          src,
          n.kind === 'Dense' ? tf.matMul(dz as tf.Tensor2D, n.kernel as tf.Tensor2D, false, true) : convInputGrad(n, dz as tf.Tensor4D, act(src).shape),
        );
        if (dz !== dy) dz.dispose();
        break;
      }
    }
    // Every consumer of this layer came later in the forward pass, so the backward pass is done with it.
    grads.delete(n.name);
    release(dy);
    if (!kept.has(n.name)) {
      acts.get(n.name)?.dispose();
      acts.delete(n.name);
    }
  }
  const dx = grads.get(g.input);
  if (!dx) throw new Error('inputGradient: the seeded outputs do not depend on the input');
  return dx as tf.Tensor4D;
}
