import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Controller } from '../../../src/app/controller';
import type { ModelMetadata } from '../../../src/core/metadata';
import { LABELS } from '../../fixtures/labels';
import { decidePhoto } from '../../../src/core/photo-decision';
import type { Taxonomy } from '../../../src/core/taxonomy';
import { abortError } from '../../../src/model/errors';
import type { ModelClient, ModelInfo, Prediction } from '../../../src/model/types';
import { useStore } from '../../../src/store';
import type { DecodedPhoto } from '../../../src/store/types';
import { decisionBlocks, outputsFor, type FakeKind } from '../../fixtures/decision';
import { lesionPixels } from '../../fixtures/generate';
import taxonomy from '../../../public/model/taxonomy.json';

// The real decision, watched: how often it is taken is part of the contract (once per photo and crop).
vi.mock('../../../src/core/photo-decision', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../../src/core/photo-decision')>();
  return { ...m, decidePhoto: vi.fn(m.decidePhoto) };
});
const decisions = vi.mocked(decidePhoto);

const metadata = { labels: [...LABELS], input: { size: 32, mean: 127.5, scale: 127.5 }, ...decisionBlocks } as unknown as ModelMetadata;
const info: ModelInfo = { metadata, taxonomy: taxonomy as Taxonomy, backend: 'cpu', inWorker: false, fromCache: false, fallbacks: [] };
const prediction = (probs: number[], kind: FakeKind = 'dermoscopic'): Prediction => ({
  logits: probs.map(Math.log),
  probabilities: probs,
  ...outputsFor(kind),
  ms: 1,
});
const photo = (id: number, origin: DecodedPhoto['origin'] = 'file'): DecodedPhoto => ({
  id,
  name: `p${id}`,
  origin,
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
  beforeEach(() => {
    useStore.setState(useStore.getInitialState(), true);
    decisions.mockClear();
  });

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

  it('start() loads once: main.tsx starts the model before the first render and the app asks again on mount', async () => {
    const f = fakeClient();
    const load = vi.spyOn(f.client, 'load');
    const c = new Controller(f.client);
    c.start('wasm');
    c.start('wasm');
    await flush();
    expect(load).toHaveBeenCalledTimes(1);
    expect(useStore.getState().status.kind).toBe('ready');
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
  it('takes the decision once per photo and crop, carries it in the result, and never again for a saliency request', async () => {
    const f = fakeClient();
    const c = new Controller(f.client);
    await c.load();
    const p = c.setPhoto(photo(7));
    await flush();
    f.calls[0]!.resolve(prediction([0.05, 0.05, 0.05, 0.05, 0.6, 0.15, 0.05]));
    const r = await p;
    expect(decisions).toHaveBeenCalledTimes(1);
    expect(r?.decision).toMatchObject({ outcome: 'analysed', statement: 'auto', check: { kind: 'dermoscopic' } });
    expect(r?.decision).toBe(decisions.mock.results[0]?.value);
    // Saliency of the top diagnosis, of a group, of another leaf: three model calls, no new decision.
    await c.selectNode('malignant');
    await c.selectNode('nv');
    await c.saliency('mel');
    expect(f.saliencyCalls).toHaveLength(4);
    expect(decisions).toHaveBeenCalledTimes(1);
    // A new crop is a new analysis, with its own decision.
    const moved = c.setCrop({ x: 0, y: 0, size: 60 });
    await flush();
    f.calls[1]!.resolve(prediction([0.05, 0.05, 0.05, 0.05, 0.6, 0.15, 0.05]));
    await moved;
    expect(decisions).toHaveBeenCalledTimes(2);
  });

  it('"show anyway" on a clinical photo takes no new decision either', async () => {
    const f = fakeClient();
    const c = new Controller(f.client);
    await c.load();
    const p = c.setPhoto(photo(8));
    await flush();
    f.calls[0]!.resolve(prediction([0.1, 0.1, 0.1, 0.1, 0.4, 0.1, 0.1], 'clinical'));
    await p;
    await c.showClinicalAnyway();
    await c.selectNode('malignant');
    expect(f.saliencyCalls).toHaveLength(2);
    expect(decisions).toHaveBeenCalledTimes(1);
  });

  it('a file follows the remembered choice; changing it decides the shown result again without a new classify', async () => {
    const f = fakeClient();
    const c = new Controller(f.client);
    await c.load();
    await c.setFileStatement('clinical');
    const p = c.setPhoto(photo(9));
    await flush();
    f.calls[0]!.resolve(prediction([0.05, 0.05, 0.05, 0.05, 0.6, 0.15, 0.05]));
    await p;
    expect(useStore.getState().status).toMatchObject({
      kind: 'done',
      display: { kind: 'clinical-held' },
      result: { decision: { outcome: 'clinical', reason: 'stated-clinical', disagreement: true } },
    });
    expect(f.saliencyCalls).toEqual([]);
    await c.setFileStatement('auto');
    expect(useStore.getState().status).toMatchObject({ kind: 'done', display: { kind: 'analysed' }, result: { decision: { outcome: 'analysed' } } });
    expect(useStore.getState().selectedNodeId).toBe('mel');
    expect(f.saliencyCalls).toEqual([[4]]);
    await c.setFileStatement('clinical');
    expect(useStore.getState().status).toMatchObject({ display: { kind: 'clinical-held' } });
    expect(useStore.getState().saliency.kind).toBe('none');
    expect(useStore.getState().selectedNodeId).toBeUndefined();
    expect(f.calls).toHaveLength(1);
    // The camera's checkbox does not touch a file's decision.
    const before = useStore.getState().status;
    await c.setDermatoscopeAttached(true);
    expect(useStore.getState().status).toBe(before);
  });

  it('a camera photo is an ordinary-camera photo until a dermatoscope is said to be attached', async () => {
    const f = fakeClient();
    const c = new Controller(f.client);
    await c.load();
    await c.setFileStatement('dermoscopic');
    const p = c.setPhoto(photo(10, 'camera'));
    await flush();
    f.calls[0]!.resolve(prediction([0.05, 0.05, 0.05, 0.05, 0.6, 0.15, 0.05]));
    await p;
    expect(useStore.getState().status).toMatchObject({ display: { kind: 'clinical-held' }, result: { decision: { statement: 'clinical' } } });
    await c.setDermatoscopeAttached(true);
    expect(useStore.getState().status).toMatchObject({
      display: { kind: 'analysed' },
      result: { decision: { statement: 'dermoscopic', outcome: 'analysed' } },
    });
    expect(f.saliencyCalls).toEqual([[4]]);
  });

  it('a statement changed while the model runs applies to that run', async () => {
    const f = fakeClient();
    const c = new Controller(f.client);
    await c.load();
    const p = c.setPhoto(photo(11));
    await flush();
    await c.setFileStatement('clinical');
    f.calls[0]!.resolve(prediction([0.05, 0.05, 0.05, 0.05, 0.6, 0.15, 0.05]));
    expect((await p)?.decision.statement).toBe('clinical');
    expect(decisions).toHaveBeenCalledTimes(1);
  });
});
