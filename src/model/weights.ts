/**
 * The weight encodings of model.json's manifest that tfjs does not decode itself. 'uint8-per-channel' (written by
 * training/lib/tfjs_export.py; docs/model-contract.md "Weight encoding"): for C = the length of the shape's last axis
 * (the kernel's output channels), C float32 minima, then C float32 scales, then one uint8 code per value in the
 * usual order; value = code * scale[c] + min[c], where c = index % C. expandWeights turns every such entry into
 * plain float32, so that tf.io.decodeWeights (float32, float16 and tfjs's per-tensor uint8) can take the rest.
 */
import type * as tf from '@tensorflow/tfjs-core';

export const PER_CHANNEL = 'uint8-per-channel';

type Entry = tf.io.WeightsManifestEntry;

const WIDTH: Record<string, number> = { float32: 4, int32: 4, float16: 2, uint16: 2, uint8: 1 };

const count = (e: Entry): number => e.shape.reduce((a, b) => a * b, 1);

const dtypeOf = (e: Entry): string => (e.quantization?.dtype as string | undefined) ?? e.dtype;

/** Bytes one manifest entry takes in its weight file. */
export function entryBytes(e: Entry): number {
  const dtype = dtypeOf(e);
  if (dtype === PER_CHANNEL) return count(e) + 8 * channelsOf(e);
  const w = WIDTH[dtype];
  if (w === undefined) throw new Error(`weight ${e.name} has an unknown encoding ${dtype}`);
  return count(e) * w;
}

function channelsOf(e: Entry): number {
  const c = e.shape[e.shape.length - 1];
  if (!c || e.shape.length < 2) throw new Error(`weight ${e.name} is ${PER_CHANNEL} but has no channel axis (shape ${JSON.stringify(e.shape)})`);
  return c;
}

/** One per-channel entry's bytes as float32 values. */
export function decodePerChannel(bytes: Uint8Array, e: Entry): Float32Array {
  const c = channelsOf(e);
  const n = count(e);
  if (bytes.byteLength !== n + 8 * c) throw new Error(`weight ${e.name}: ${bytes.byteLength} bytes, ${n + 8 * c} expected`);
  // Copied out: the entry can start at any byte, and a Float32Array view needs 4-byte alignment.
  const params = new Float32Array(bytes.slice(0, 8 * c).buffer);
  const mins = params.subarray(0, c);
  const scales = params.subarray(c);
  const codes = bytes.subarray(8 * c);
  const out = new Float32Array(n);
  // Row by row: channel c of value i is i % C, and each row is one run of the C channels.
  for (let row = 0; row < n; row += c) {
    for (let ch = 0; ch < c; ch++) out[row + ch] = (codes[row + ch] as number) * (scales[ch] as number) + (mins[ch] as number);
  }
  return out;
}

/**
 * The weight data and manifest with every per-channel entry expanded to float32 (others copied as they are). Throws
 * when the manifest does not cover the data exactly. Returns the input unchanged when nothing needs expanding.
 */
export function expandWeights(data: ArrayBuffer, specs: Entry[]): { data: ArrayBuffer; specs: Entry[] } {
  const total = specs.reduce((s, e) => s + entryBytes(e), 0);
  if (total !== data.byteLength) throw new Error(`the manifest covers ${total} of ${data.byteLength} weight bytes`);
  if (!specs.some((e) => dtypeOf(e) === PER_CHANNEL)) return { data, specs };
  const src = new Uint8Array(data);
  const outSpecs: Entry[] = [];
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const e of specs) {
    const n = entryBytes(e);
    const bytes = src.subarray(at, at + n);
    at += n;
    if (dtypeOf(e) === PER_CHANNEL) {
      parts.push(new Uint8Array(decodePerChannel(bytes, e).buffer));
      outSpecs.push({ name: e.name, shape: e.shape, dtype: 'float32' });
    } else {
      parts.push(bytes);
      outSpecs.push(e);
    }
  }
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return { data: out.buffer, specs: outSpecs };
}
