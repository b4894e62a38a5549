import { beforeEach, describe, expect, it } from 'vitest';
import { Controller } from '../../../src/app/controller';
import { LABELS, type ModelMetadata } from '../../../src/core/metadata';
import type { PhotoKind } from '../../../src/core/photo-kind';
import type { Taxonomy } from '../../../src/core/taxonomy';
import { abortError } from '../../../src/model/errors';
import type { ModelClient, ModelInfo, Prediction } from '../../../src/model/types';
import { useStore } from '../../../src/store';
import type { DecodedPhoto } from '../../../src/store/types';
import { lesionPixels } from '../../fixtures/generate';
import taxonomy from '../../../public/model/taxonomy.json';

const metadata = { labels: [...LABELS], input: { size: 32, mean: 127.5, scale: 127.5 } } as unknown as ModelMetadata;
const info: ModelInfo = { metadata, taxonomy: taxonomy as Taxonomy, backend: 'cpu', inWorker: false, fromCache: false, fallbacks: [] };
const prediction = (probs: number[], kind: PhotoKind = 'dermoscopic'): Prediction => ({
  logits: probs.map(Math.log),
  probabilities: probs,
  features: [],
  z: [],
  ood: {
    mahalanobis: 1,
    residual: 1,
    mid: 0,
    ratio: kind === 'dermoscopic' ? 0.5 : 2,
    inScope: kind === 'dermoscopic',
    borderline: false,
    photoOutOfRange: [],
  },
  photoKind: { kind, probabilities: null },
  ms: 1,
});
const photo = (id: number): DecodedPhoto => ({
  id,
  name: `p${id}`,
  source: {} as CanvasImageSource,
  pixels: { width: 100, height: 80, data: lesionPixels(100, 80, id) },
  scale: 1,
  originalWidth: 100,
  originalHeight: 80,
  notes: [],
});

/** A fake client whose classify calls resolve when the test says so, honouring AbortSignal like the real one. */
function fakeClient() {
  const calls: { resolve: (p: Prediction) => void; signal?: AbortSignal }[] = [];
  const saliencyCalls: number[][] = [];
  const client: ModelClient = {
    load: async () => info,
    classify: (_input, opts) =>
      new Promise((resolve, reject) => {
        calls.push({ resolve, signal: opts?.signal });
        opts?.signal?.addEventListener('abort', () => reject(abortError()));
      }),
    saliency: async (_input, members) => {
      saliencyCalls.push(members);
      return { size: 32, values: new Float32Array(32 * 32).fill(1), members, ms: 1 };
    },
    memory: async () => ({ numTensors: 0, numBytes: 0 }),
    dispose: () => undefined,
  };
  return { client, calls, saliencyCalls };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('controller', () => {
  beforeEach(() => useStore.setState(useStore.getInitialState(), true));

  it('classifies, aggregates, and computes saliency of the top diagnosis', async () => {
    const f = fakeClient();
    const c = new Controller(f.client);
    await c.load();
    expect(useStore.getState().status.kind).toBe('ready');
    const done = c.setPhoto(photo(1));
    expect(useStore.getState().crop).toEqual({ x: 10, y: 0, size: 80 });
    await flush();
    f.calls[0]!.resolve(prediction([0.05, 0.05, 0.05, 0.05, 0.6, 0.15, 0.05]));
    const r = await done;
    expect(r?.topIndex).toBe(4);
    const st = useStore.getState();
    expect(st.status.kind).toBe('done');
    expect(st.selectedNodeId).toBe('mel');
    expect(f.saliencyCalls).toEqual([[4]]);
    expect(st.saliency.kind).toBe('done');
    // A group's saliency uses all its leaves.
    await c.selectNode('malignant');
    expect(f.saliencyCalls[1]?.sort()).toEqual([0, 1, 4]);
  });

  it('starts a photo with a round field of view on the crop fitted inside the field', async () => {
    const f = fakeClient();
    const c = new Controller(f.client);
    await c.load();
    const p = photo(5);
    const data = new Uint8ClampedArray(p.pixels.data);
    for (let y = 0; y < 80; y++) for (let x = 0; x < 100; x++) if ((x - 49.5) ** 2 + (y - 39.5) ** 2 > 36 ** 2) data.set([5, 5, 5], (y * 100 + x) * 4);
    void c.setPhoto({ ...p, pixels: { ...p.pixels, data } });
    const crop = useStore.getState().crop!;
    // The full-height square (80) would have black corners; the fitted one lies inside the circle of radius 36.
    expect(crop.size).toBeLessThan(80);
    expect(Math.hypot(crop.size / 2, crop.size / 2)).toBeLessThanOrEqual(36);
    expect(crop.size).toBeGreaterThan(45);
  });

  it('the newest photo wins and the cancelled one is not an error', async () => {
    const f = fakeClient();
    const c = new Controller(f.client);
    await c.load();
    const first = c.setPhoto(photo(1));
    await flush();
    const second = c.setPhoto(photo(2));
    await flush();
    expect(f.calls[0]!.signal?.aborted).toBe(true);
    expect(await first).toBeNull();
    expect(useStore.getState().status.kind).toBe('running');
    f.calls[1]!.resolve(prediction([0.1, 0.1, 0.1, 0.1, 0.1, 0.4, 0.1]));
    expect((await second)?.photoId).toBe(2);
    expect(useStore.getState().status.kind).toBe('done');
  });

  it('an out-of-scope photo gets no saliency and no selection', async () => {
    const f = fakeClient();
    const c = new Controller(f.client);
    await c.load();
    const p = c.setPhoto(photo(3));
    await flush();
    f.calls[0]!.resolve(prediction([0.1, 0.1, 0.1, 0.1, 0.1, 0.4, 0.1], 'other'));
    await p;
    expect(useStore.getState().selectedNodeId).toBeUndefined();
    expect(f.saliencyCalls).toEqual([]);
    expect(useStore.getState().status).toMatchObject({ kind: 'done', display: { kind: 'declined' } });
    // "Show anyway" is for clinical photos only: nothing happens for a declined one.
    await c.showClinicalAnyway();
    expect(useStore.getState().status).toMatchObject({ kind: 'done', display: { kind: 'declined' } });
    expect(f.saliencyCalls).toEqual([]);
  });

  it('a clinical photo is held back until "show anyway", which selects the top diagnosis and computes its saliency', async () => {
    const f = fakeClient();
    const c = new Controller(f.client);
    await c.load();
    const p = c.setPhoto(photo(5));
    await flush();
    f.calls[0]!.resolve(prediction([0.1, 0.1, 0.1, 0.1, 0.4, 0.1, 0.1], 'clinical'));
    await p;
    expect(useStore.getState().status).toMatchObject({ kind: 'done', display: { kind: 'clinical-held' } });
    expect(useStore.getState().selectedNodeId).toBeUndefined();
    expect(f.saliencyCalls).toEqual([]);
    await c.showClinicalAnyway();
    expect(useStore.getState().status).toMatchObject({ kind: 'done', display: { kind: 'clinical-shown' } });
    expect(useStore.getState().selectedNodeId).toBe('mel');
    expect(f.saliencyCalls).toEqual([[4]]);
    expect(useStore.getState().saliency.kind).toBe('done');
  });

  it('a failing classify becomes a recoverable error message', async () => {
    const f = fakeClient();
    f.client.classify = async () => {
      throw new Error('backend lost');
    };
    const c = new Controller(f.client);
    await c.load();
    await c.setPhoto(photo(4));
    expect(useStore.getState().status).toEqual({ kind: 'error', message: 'The photo could not be analysed: backend lost', recoverable: true });
  });
});
