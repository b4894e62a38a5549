/**
 * Proves the PyTorch -> tfjs conversion (issue 2): the exported float model matches PyTorch within 1e-3 on 20
 * real HAM10000 images, and the quantized export matches PyTorch running the same decoded weights. Runs
 * training/checks/parity.py, which unless PARITY_CKPT names a checkpoint first runs the reproduction's first step,
 * `bash training/reproduce.sh --smoke` (so CI fails when that step breaks); needs ../shared and python3-torch.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { expandWeights, PER_CHANNEL } from '../../../src/model/weights';
import { missingDataOrTorch, shared } from './python-check';

const root = path.resolve(__dirname, '../../..');
const python = '/usr/bin/python3';
const reason = missingDataOrTorch();
if (reason) console.log(`conversion parity skipped: ${reason}`);

/** How many uint8-per-channel kernels each loaded export had, by folder name. */
const perChannel: Record<string, number> = {};

async function load(dir: string): Promise<tf.LayersModel> {
  const spec = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const group = spec.weightsManifest[0]!;
  const buf = readFileSync(path.join(dir, group.paths[0]!));
  // The app's decoding of uint8-per-channel entries (src/model/weights.ts), then tfjs's own for the rest.
  const { data, specs } = expandWeights(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, group.weights);
  perChannel[path.basename(dir)] = group.weights.filter((w) => (w.quantization?.dtype as string | undefined) === PER_CHANNEL).length;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: spec.modelTopology, weightSpecs: specs, weightData: data }));
}

describe.skipIf(Boolean(reason))('PyTorch -> tfjs conversion', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'skinlens-parity-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('float export matches PyTorch within 1e-3; quantized export matches decoded-weight PyTorch', async () => {
    const args = ['-m', 'training.checks.parity', '--out', out];
    if (process.env.PARITY_CKPT) args.push('--ckpt', process.env.PARITY_CKPT);
    execFileSync(python, args, { stdio: 'inherit', cwd: root, env: { ...process.env, SHARED_DIR: shared } });
    await tf.setBackend('cpu');
    const ref = JSON.parse(readFileSync(path.join(out, 'reference.json'), 'utf8')) as {
      n: number;
      size: number;
      probs_float: number[][];
      probs_quant: number[][];
      ood_float: number[][];
    };
    expect(ref.n).toBeGreaterThanOrEqual(20);
    const raw = readFileSync(path.join(out, 'inputs.bin'));
    const x = tf.tensor4d(new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)), [ref.n, ref.size, ref.size, 3]);
    let agree = 0;
    for (const [kind, expected] of [
      ['float', ref.probs_float],
      ['quant', ref.probs_quant],
    ] as const) {
      const model = await load(path.join(out, kind));
      const outputs = model.predict(x) as tf.Tensor[];
      const probs = tf.tidy(() => tf.softmax(outputs[0]!));
      const got = (await probs.array()) as number[][];
      let maxDiff = 0;
      got.forEach((row, i) => row.forEach((p, j) => (maxDiff = Math.max(maxDiff, Math.abs(p - expected[i]![j]!)))));
      console.log(`${kind}: max |p_tfjs - p_torch| = ${maxDiff.toExponential(2)} over ${ref.n} images`);
      expect(maxDiff).toBeLessThanOrEqual(1e-3);
      if (kind === 'float') {
        // Third output: [ood_proj | ood_mid], the pooled features and the pooled mid-layer output projected.
        const ood = (await outputs[2]!.array()) as number[][];
        let oodDiff = 0;
        ood.forEach((row, i) => {
          expect(row.length).toBe(ref.ood_float[i]!.length);
          row.forEach((v, j) => (oodDiff = Math.max(oodDiff, Math.abs(v - ref.ood_float[i]![j]!))));
        });
        console.log(`float: max |ood_tfjs - ood_torch| = ${oodDiff.toExponential(2)}`);
        expect(oodDiff).toBeLessThanOrEqual(1e-3);
      }
      if (kind === 'quant')
        got.forEach((row, i) => (agree += Number(row.indexOf(Math.max(...row)) === ref.probs_float[i]!.indexOf(Math.max(...ref.probs_float[i]!)))));
      tf.dispose([...outputs, probs]);
      model.dispose();
    }
    console.log(`quantized vs float top-1 agreement: ${agree}/${ref.n}`);
    // The quantized export carries the per-channel encoding, so the comparison above covered its decoding.
    expect(perChannel.quant).toBeGreaterThan(30);
    expect(perChannel.float).toBe(0);
    x.dispose();
  }, 600_000);
});
