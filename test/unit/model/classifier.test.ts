/**
 * classify and saliency on the wasm backend (what the CLI uses) and cpu: outputs well formed, saliency agrees with
 * the gradient, and no tensor leaks over 50 classify + saliency cycles. Runs on public/model when training has
 * written it, and always on the fixture backbone.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../fixtures/labels';
import { loadModelFromDir, setupNodeBackend, type NodeModel } from '../../../cli/node-model';
import { warmUp } from '../../../src/model/load';
import { REAL_MODEL_DIR, hasRealModel, makeFixtureModelDir, seeded } from './fixture';

const randomInput = (n: number, seed: number): Float32Array => {
  const r = seeded(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
};

const fixtureDir = (): string => makeFixtureModelDir(mkdtempSync(path.join(os.tmpdir(), 'skinlens-')));

// The CLI's wasm backend with 50 cycles; the pure-JS cpu backend (slow: ~1 s per saliency) with fewer.
const targets: { name: string; backend: 'wasm' | 'cpu'; cycles: number; dir: () => string | undefined }[] = [
  { name: 'fixture backbone', backend: 'wasm', cycles: 50, dir: fixtureDir },
  { name: 'fixture backbone', backend: 'cpu', cycles: 5, dir: fixtureDir },
  {
    name: 'shipped model (public/model)',
    backend: 'wasm',
    cycles: 50,
    dir: () => {
      if (hasRealModel()) return REAL_MODEL_DIR;
      console.log('SKIPPED shipped-model leak test: public/model/model.json is missing (training has not exported yet)');
      return undefined;
    },
  },
];

for (const target of targets) {
  describe(`Classifier on ${target.name}, ${target.backend} backend`, () => {
    let m: NodeModel | undefined;
    let backend = '';
    beforeAll(async () => {
      const dir = target.dir();
      if (!dir) return;
      backend = await setupNodeBackend(target.backend);
      m = await loadModelFromDir(dir);
      await warmUp(m.classifier);
    });
    afterAll(() => m?.classifier.dispose());

    it('classifies to probabilities that sum to 1, with features and z of the contract sizes', async (ctx) => {
      if (!m) return ctx.skip();
      expect(backend).toBe(target.backend);
      const x = randomInput(m.classifier.inputLength, 1);
      const p = await m.classifier.classify(x);
      expect(p.probabilities).toHaveLength(LABELS.length);
      expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(p.features).toHaveLength(1280);
      expect(p.z).toHaveLength(m.metadata.ood.eigenvalues.length);
      expect(p.zMid).toHaveLength(m.metadata.ood.mid?.dims ?? 0);
      // A batch gives the same answer as one at a time.
      const both = new Float32Array(2 * x.length);
      both.set(randomInput(x.length, 9));
      both.set(x, x.length);
      const [, second] = await m.classifier.classifyBatch(both, 2);
      second!.logits.forEach((v, i) => expect(v).toBeCloseTo(p.logits[i] ?? NaN, 3));
    });

    it('returns a non-negative saliency map of size^2 with the prediction it was taken from', async (ctx) => {
      if (!m) return ctx.skip();
      const x = randomInput(m.classifier.inputLength, 2);
      const { map, prediction } = await m.classifier.saliencyWithPrediction(x, [0, 1, 4]);
      expect(map.size).toBe(m.metadata.input.size);
      expect(map.values).toHaveLength(map.size * map.size);
      expect(map.values.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
      expect(map.values.some((v) => v > 0)).toBe(true);
      const direct = await m.classifier.classify(x);
      prediction.logits.forEach((v, i) => expect(v).toBeCloseTo(direct.logits[i] ?? NaN, 3));
      await expect(m.classifier.saliency(x, [7])).rejects.toThrow(/label indices 0..6/);
      await expect(m.classifier.classify(new Float32Array(5))).rejects.toThrow(/floats, got 5/);
    });

    it(`leaks no tensors over ${target.cycles} classify + saliency cycles`, async (ctx) => {
      if (!m) return ctx.skip();
      const x = randomInput(m.classifier.inputLength, 3);
      const before = tf.memory().numTensors;
      const t0 = performance.now();
      for (let i = 0; i < target.cycles; i++) {
        await m.classifier.classify(x);
        await m.classifier.saliency(x, [i % 7]);
      }
      console.log(`${target.name}: ${target.cycles} classify + saliency cycles on ${tf.getBackend()} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
