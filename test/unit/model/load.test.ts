/**
 * Loading over HTTP as the browser does (fetch, streaming progress, sha256, build, warm-up: the ModelEngine that
 * the worker and the page run), with its specific errors, and the client's main-thread fallback when no worker can
 * start. Served from a local HTTP server in this process.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LABELS } from '../../fixtures/labels';
import { setupNodeBackend } from '../../../cli/node-model';
import { createModelClient } from '../../../src/model/client';
import { ModelError, isAbortError } from '../../../src/model/errors';
import { Classifier } from '../../../src/model/classifier';
import { ModelEngine } from '../../../src/model/engine';
import { VERIFIED_HEADER } from '../../../src/model/load';
import type { LoadProgress } from '../../../src/model/types';
import { makeFixtureModelDir } from './fixture';

let server: http.Server;
let base = '';
let good = '';

/** A copy of the fixture folder with one change. */
function variant(name: string, change: (dir: string) => void): string {
  const dir = path.join(path.dirname(good), name);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(good)) copyFileSync(path.join(good, f), path.join(dir, f));
  change(dir);
  return dir;
}

beforeAll(async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'skinlens-http-'));
  good = makeFixtureModelDir(root);
  variant('tampered', (d) => {
    const b = readFileSync(path.join(d, 'heads.bin'));
    b[100] = (b[100] ?? 0) ^ 0xff;
    writeFileSync(path.join(d, 'heads.bin'), b);
  });
  variant('missing', (d) => writeFileSync(path.join(d, 'metadata.json'), readFileSync(path.join(d, 'metadata.json'), 'utf8').replace('heads.bin', 'gone.bin')));
  variant('badmeta', (d) =>
    writeFileSync(path.join(d, 'metadata.json'), JSON.stringify({ ...JSON.parse(readFileSync(path.join(d, 'metadata.json'), 'utf8')), temperature: -1 })),
  );
  server = http.createServer((req, res) => {
    const file = path.join(path.dirname(good), decodeURIComponent((req.url ?? '/').split('?')[0] as string));
    try {
      const data = readFileSync(file);
      res.writeHead(200, { 'content-length': data.length });
      res.end(data);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  await setupNodeBackend('wasm');
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('ModelEngine.load over HTTP', () => {
  it('loads, reports byte progress up to the total and its steps; on wasm it warms up after, in the background', async () => {
    const seen: LoadProgress[] = [];
    const classify = vi.spyOn(Classifier.prototype, 'classify');
    const saliency = vi.spyOn(Classifier.prototype, 'saliency');
    const engine = new ModelEngine(false, { saliencyWarmUpAfterMs: 0 });
    const m = await engine.load(`${base}${path.basename(good)}/`, { backend: 'wasm', onProgress: (p) => seen.push(p) });
    const weights = seen.filter((p) => p.phase === 'weights');
    const total = m.metadata.weights.reduce((s, w) => s + w.bytes, 0);
    expect(weights.at(-1)).toEqual({ phase: 'weights', loaded: total, total });
    expect(weights.length).toBeGreaterThan(2);
    expect(seen.map((p) => p.phase)).not.toContain('warmup');
    expect(m.fromCache).toBe(false);
    expect(m.trace?.map((s) => s.name).sort()).toEqual(['backend', 'build', 'model JSON', 'weights']);
    for (const step of m.trace ?? []) expect(step.end).toBeGreaterThanOrEqual(step.start);
    // Nothing ran the model before "ready"; the warm-up does once the queue is free.
    expect(classify).not.toHaveBeenCalled();
    await engine.settled();
    expect(classify).toHaveBeenCalledTimes(1);
    await new Promise((r) => setTimeout(r, 0));
    await engine.settled();
    expect(saliency).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
    const before = tf.memory().numTensors;
    const p = await engine.classify(new Float32Array(m.metadata.input.size ** 2 * 3));
    expect(p.probabilities).toHaveLength(LABELS.length);
    expect(tf.memory().numTensors).toBe(before);
    engine.dispose();
  });

  it('skips the background warm-up when a photo is already waiting, or once a saliency has run: their own calls set the model up', async () => {
    const classify = vi.spyOn(Classifier.prototype, 'classify');
    const saliency = vi.spyOn(Classifier.prototype, 'saliency');
    const engine = new ModelEngine(false, { saliencyWarmUpAfterMs: 0 });
    const m = await engine.load(`${base}${path.basename(good)}/`, { backend: 'wasm' });
    const x = new Float32Array(m.metadata.input.size ** 2 * 3);
    await engine.classify(x);
    await engine.saliency(x, [1]);
    await new Promise((r) => setTimeout(r, 0));
    await engine.settled();
    // One each: the photo's own (the saliency warm-up, due after it, finds the set-up done).
    expect(classify).toHaveBeenCalledTimes(1);
    expect(saliency).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
    engine.dispose();
  });

  it('keeps the weights in the Cache API marked as checked, and a second load reads them without hashing them again', async () => {
    const stores = new Map<string, Map<string, Response>>();
    const open = async (name: string) => {
      const m = stores.get(name) ?? new Map<string, Response>();
      stores.set(name, m);
      return {
        match: async (u: string) => m.get(String(u))?.clone(),
        put: async (u: string, r: Response) => void m.set(String(u), r),
        delete: async (u: string) => m.delete(String(u)),
      };
    };
    vi.stubGlobal('caches', { open, keys: async () => [...stores.keys()], delete: async (n: string) => stores.delete(n), match: async () => undefined });
    try {
      const url = `${base}${path.basename(good)}/`;
      const first = await new ModelEngine(false).load(url, { backend: 'wasm' });
      expect(first.fromCache).toBe(false);
      const [store] = [...stores.values()];
      const entry = store?.get(`${url}heads.bin`);
      expect(entry?.headers.get(VERIFIED_HEADER)).toBe(first.metadata.weights.find((w) => w.file === 'heads.bin')?.sha256);
      const digest = vi.spyOn(crypto.subtle, 'digest');
      const second = await new ModelEngine(false).load(url, { backend: 'wasm' });
      expect(second.fromCache).toBe(true);
      expect(digest).not.toHaveBeenCalled();
      // An entry stored without the mark (by an older app) is hashed once, then marked.
      const bytes = await entry!.clone().arrayBuffer();
      store?.set(`${url}heads.bin`, new Response(bytes));
      const third = await new ModelEngine(false).load(url, { backend: 'wasm' });
      expect(third.fromCache).toBe(true);
      expect(digest).toHaveBeenCalledTimes(1);
      expect(store?.get(`${url}heads.bin`)?.headers.get(VERIFIED_HEADER)).toBe(entry?.headers.get(VERIFIED_HEADER));
    } finally {
      vi.unstubAllGlobals();
      vi.restoreAllMocks();
    }
  });

  const failing: [string, string, RegExp][] = [
    ['tampered', 'checksum', /weight file heads\.bin failed its checksum/],
    ['missing', 'metadata', /gone\.bin|heads\.bin/],
    ['badmeta', 'metadata', /temperature must be a positive number/],
    ['nowhere', 'download', /downloading metadata\.json failed: HTTP 404/],
  ];
  for (const [dir, code, message] of failing) {
    it(`fails with a ${code} error for the ${dir} folder`, async () => {
      const e = await new ModelEngine(false).load(`${base}${dir}/`, { backend: 'wasm' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ModelError);
      expect((e as ModelError).code).toBe(code);
      expect((e as ModelError).message).toMatch(message);
    });
  }

  it('rejects with an AbortError when aborted', async () => {
    const ctl = new AbortController();
    ctl.abort();
    const e = await new ModelEngine(false).load(`${base}${path.basename(good)}/`, { backend: 'wasm', signal: ctl.signal }).catch((x: unknown) => x);
    expect(isAbortError(e)).toBe(true);
  });
});

describe('createModelClient', () => {
  it('runs on the main thread when no worker can start, and aborts calls', async () => {
    const client = createModelClient({
      baseUrl: `${base}${path.basename(good)}/`,
      createWorker: () => {
        throw new Error('Worker is not defined');
      },
    });
    const info = await client.load({ backend: 'wasm' });
    expect(info.inWorker).toBe(false);
    expect(info.backend).toBe('wasm');
    expect(info.fallbacks.join(' ')).toMatch(/worker: could not start/);
    const x = new Float32Array(info.metadata.input.size ** 2 * 3);
    const p = await client.classify(x);
    expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    const ctl = new AbortController();
    ctl.abort();
    expect(isAbortError(await client.saliency(x, [0], { signal: ctl.signal }).catch((e: unknown) => e))).toBe(true);
    const s = await client.saliency(x, [4]);
    expect(s.values).toHaveLength(info.metadata.input.size ** 2);
    const mem = await client.memory();
    expect(mem.numTensors).toBeGreaterThan(0);
    client.dispose();
  });
});
