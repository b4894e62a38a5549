/**
 * Where a saliency's time goes on wasm, in Node: classify and saliency medians side by side (three rounds of 15), then
 * one saliency under tf.profile with the kernel time summed per kernel. Forward layers run as FusedConv2D and
 * FusedDepthwiseConv2D; the backward pass as Conv2D, DepthwiseConv2dNative and the activation masks (Sub, Multiply,
 * Step). Node's wasm backend has no threads, so the times are not the browser's; the split is what it shows.
 *
 * Usage: npx tsx bench/profile-saliency.ts [model folder, default public/model]
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadModelFromDir, setupNodeBackend } from '../cli/node-model';

async function median(n: number, f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[n >> 1] as number;
}

async function main(): Promise<void> {
  const backend = await setupNodeBackend('wasm');
  const { classifier: c } = await loadModelFromDir(process.argv[2] ?? 'public/model');
  const x = new Float32Array(c.inputLength).map((_, i) => Math.sin(i * 0.37));
  for (let i = 0; i < 3; i++) {
    await c.classify(x);
    await c.saliencyWithPrediction(x, [0]);
  }
  for (let round = 0; round < 3; round++) {
    const cl = await median(15, () => c.classify(x));
    const sa = await median(15, () => c.saliencyWithPrediction(x, [0]));
    console.log(`${backend}: classify ${cl.toFixed(1)} ms, saliency ${sa.toFixed(1)} ms, ratio ${(sa / cl).toFixed(2)}`);
  }
  const info = await tf.profile(() => c.saliencyWithPrediction(x, [0]));
  const byKernel = new Map<string, number>();
  for (const k of info.kernels) if (!k.name.endsWith('__op')) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  for (const [name, ms] of [...byKernel].sort((a, b) => b[1] - a[1])) console.log(`${name.padEnd(24)} ${ms.toFixed(1)} ms`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
