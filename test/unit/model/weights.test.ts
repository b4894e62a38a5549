import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { decodePerChannel, entryBytes, expandWeights, PER_CHANNEL } from '../../../src/model/weights';

type Entry = tf.io.WeightsManifestEntry;
// biome-ignore lint/suspicious/noExplicitAny: the per-channel dtype is outside tfjs's own union
const perChannel = (name: string, shape: number[]): Entry => ({ name, shape, dtype: 'float32', quantization: { dtype: PER_CHANNEL as any } });

/** C float32 minima, C float32 scales, then the codes: the layout training/lib/tfjs_export.py writes. */
function perChannelBytes(mins: number[], scales: number[], codes: number[]): Uint8Array {
  const head = new Uint8Array(new Float32Array([...mins, ...scales]).buffer);
  const out = new Uint8Array(head.byteLength + codes.length);
  out.set(head, 0);
  out.set(codes, head.byteLength);
  return out;
}

const concat = (...parts: Uint8Array[]): ArrayBuffer => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out.buffer;
};

describe('uint8-per-channel weights', () => {
  // A 1x1 kernel, 2 inputs x 3 output channels: channel c of value i is i % 3.
  const entry = perChannel('k/kernel', [1, 1, 2, 3]);
  const mins = [0, -1, 2];
  const scales = [1, 0.5, 0.25];
  const codes = [0, 2, 4, 255, 0, 8];
  const expected = [0, 0, 3, 255, -1, 4];

  it('decodes code * scale[c] + min[c] with c the last axis', () => {
    expect(entryBytes(entry)).toBe(6 + 8 * 3);
    expect(Array.from(decodePerChannel(perChannelBytes(mins, scales, codes), entry))).toEqual(expected);
  });

  it('expands per-channel entries among float32 and float16 ones, at any byte offset, for tf.io.decodeWeights', () => {
    // A 3-value float16 entry first puts the per-channel one at byte 6, which a Float32Array view could not start at.
    const half: Entry = { name: 'h', shape: [3], dtype: 'float32', quantization: { dtype: 'float16' } };
    const full: Entry = { name: 'b', shape: [2], dtype: 'float32' };
    const halfBytes = new Uint8Array(new Uint16Array([0x3c00, 0x4000, 0xc000]).buffer); // 1, 2, -2
    const data = concat(halfBytes, perChannelBytes(mins, scales, codes), new Uint8Array(new Float32Array([0.5, -0.25]).buffer));
    const out = expandWeights(data, [half, entry, full]);
    expect(out.specs.map((s) => s.quantization?.dtype ?? s.dtype)).toEqual(['float16', 'float32', 'float32']);
    const t = tf.io.decodeWeights(out.data, out.specs);
    expect(Array.from(t.h!.dataSync())).toEqual([1, 2, -2]);
    expect(t['k/kernel']!.shape).toEqual([1, 1, 2, 3]);
    expect(Array.from(t['k/kernel']!.dataSync())).toEqual(expected);
    expect(Array.from(t.b!.dataSync())).toEqual([0.5, -0.25]);
    Object.values(t).forEach((x) => x.dispose());
  });

  it('passes a manifest without per-channel entries through untouched', () => {
    const full: Entry = { name: 'b', shape: [2], dtype: 'float32' };
    const data = new Float32Array([1, 2]).buffer;
    const out = expandWeights(data, [full]);
    expect(out.data).toBe(data);
  });

  it('refuses a manifest that does not cover the data, and a per-channel entry without a channel axis', () => {
    expect(() => expandWeights(new ArrayBuffer(31), [entry])).toThrow(/covers 30 of 31/);
    expect(() => entryBytes(perChannel('v', [5]))).toThrow(/no channel axis/);
    // biome-ignore lint/suspicious/noExplicitAny: an encoding tfjs does not know
    expect(() => entryBytes({ name: 'x', shape: [2], dtype: 'float32', quantization: { dtype: 'int4' as any } })).toThrow(/unknown encoding int4/);
  });
});
