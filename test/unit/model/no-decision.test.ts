/**
 * The model layer reports outputs and decides nothing about the photo: classify and saliency (the path every
 * saliency request takes, in the worker and on the main thread alike) never compute the photo statistics, the
 * distance test, the photo-kind check or the decision. The page takes the decision once per photo and crop
 * (test/unit/app/controller.test.ts counts the calls).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadModelFromDir, setupNodeBackend, type NodeModel } from '../../../cli/node-model';
import { decidePhoto } from '../../../src/core/photo-decision';
import { oodScore } from '../../../src/core/ood';
import { photoKind } from '../../../src/core/photo-kind';
import { photoStats } from '../../../src/core/photo-stats';
import { makeFixtureModelDir, seeded } from './fixture';

// Each decision function still runs, behind a spy that counts its calls.
const spied = vi.hoisted(() => (name: string) => async (importOriginal: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> => {
  const m = await importOriginal();
  return { ...m, [name]: vi.fn(m[name] as (...args: unknown[]) => unknown) };
});
vi.mock('../../../src/core/photo-decision', spied('decidePhoto'));
vi.mock('../../../src/core/ood', spied('oodScore'));
vi.mock('../../../src/core/photo-kind', spied('photoKind'));
vi.mock('../../../src/core/photo-stats', spied('photoStats'));

describe('the model layer decides nothing about the photo', () => {
  let m: NodeModel;
  beforeAll(async () => {
    await setupNodeBackend('wasm');
    m = await loadModelFromDir(makeFixtureModelDir(mkdtempSync(path.join(os.tmpdir(), 'skinlens-'))));
  });
  afterAll(() => m?.classifier.dispose());

  it('classify and saliency compute no statistics, distances, check or decision', async () => {
    const r = seeded(4);
    const x = Float32Array.from({ length: m.classifier.inputLength }, () => r() * 2 - 1);
    const p = await m.classifier.classify(x);
    await m.classifier.saliency(x, [4]);
    await m.classifier.saliency(x, [0, 1, 4]);
    await m.classifier.saliencyWithPrediction(x, [5]);
    for (const f of [decidePhoto, oodScore, photoKind, photoStats]) expect(vi.mocked(f)).not.toHaveBeenCalled();
    expect(Object.keys(p).sort()).toEqual(['features', 'logits', 'ms', 'probabilities', 'z', 'zMid']);
    // What the decision needs is all there: taken from this prediction, it runs (and is the one call).
    decidePhoto(p, x, m.metadata, 'auto');
    expect(vi.mocked(photoStats)).toHaveBeenCalledTimes(1);
  });
});
