/** Turning logits into calibrated probabilities. */

/** Softmax of logits / temperature, numerically stable. */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  if (!(temperature > 0)) throw new Error(`softmax: temperature must be > 0, got ${temperature}`);
  const n = logits.length;
  const out = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, (logits[i] ?? 0) / temperature);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp((logits[i] ?? 0) / temperature - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) out[i] = (out[i] ?? 0) / sum;
  return out;
}

/** Index of the largest value (first on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

/**
 * Gradient of -log(sum_{i in S} softmax(z/T)_i) with respect to the logits z: the seed for a saliency map of an
 * aggregated taxonomy node S (a single diagnosis is the case |S| = 1).
 */
export function nodeLossLogitGradient(logits: ArrayLike<number>, members: readonly number[], temperature = 1): Float32Array {
  const p = softmax(logits, temperature);
  let mass = 0;
  for (const i of members) mass += p[i] ?? 0;
  const inS = new Set(members);
  const g = new Float32Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const pi = p[i] ?? 0;
    g[i] = (pi - (inS.has(i) ? pi / Math.max(mass, 1e-12) : 0)) / temperature;
  }
  return g;
}
