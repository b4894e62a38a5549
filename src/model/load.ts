/**
 * Loading public/model/: metadata and taxonomy validated, weights downloaded with byte progress, checked against
 * metadata's sha256, kept in the Cache API (a second visit, or an offline one, needs no network), then built and
 * warmed up. Also the pieces the Node CLI reuses with files read from disk (buildClassifier, verifyWeights).
 */
import * as tf from '@tensorflow/tfjs-core';
import { parseMetadata, type ModelMetadata } from '../core/metadata';
import { validateTaxonomy, type Taxonomy } from '../core/taxonomy';
import { Classifier } from './classifier';
import { ModelError, throwIfAborted } from './errors';
import { timed } from './trace';
import type { LoadProgress, LoadStep } from './types';
import { expandWeights } from './weights';

/** Cache API names start with this; the rest is the model name and metadata version. */
export const CACHE_PREFIX = 'skinlens-model-';

/** model.json as tfjs writes it. */
export interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** Everything a model needs before it can be built. */
export interface ModelFiles {
  metadata: ModelMetadata;
  taxonomy: Taxonomy;
  modelJson: ModelJson;
  /** Verified weight files by file name. */
  weights: Map<string, ArrayBuffer>;
  fromCache: boolean;
}

/** Lower-case hex sha256 (WebCrypto: browsers, workers and Node 20). */
export async function sha256Hex(data: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Throws ModelError('checksum') naming the file when its size or sha256 differs from metadata. */
export async function verifyWeightFile(file: string, data: ArrayBuffer, metadata: ModelMetadata): Promise<void> {
  const spec = metadata.weights.find((w) => w.file === file);
  if (!spec) throw new ModelError('metadata', `weight file ${file} is not listed in metadata.json`);
  if (data.byteLength !== spec.bytes) {
    throw new ModelError('checksum', `weight file ${file} is corrupt: ${data.byteLength} bytes, metadata.json says ${spec.bytes}`);
  }
  const got = await sha256Hex(data);
  if (got !== spec.sha256) {
    throw new ModelError('checksum', `weight file ${file} failed its checksum: sha256 ${got}, metadata.json says ${spec.sha256}`);
  }
}

/** Checks model.json's structure and that its weight files are the ones metadata.json lists. */
export function checkModelJson(value: unknown, metadata: ModelMetadata): ModelJson {
  const m = value as Partial<ModelJson> | null;
  if (!m || typeof m !== 'object' || !m.modelTopology || !Array.isArray(m.weightsManifest)) {
    throw new ModelError('metadata', 'model.json is not a tfjs layers model (modelTopology and weightsManifest missing)');
  }
  const listed = new Set(metadata.weights.map((w) => w.file));
  for (const group of m.weightsManifest) {
    for (const p of group.paths) if (!listed.has(p)) throw new ModelError('metadata', `model.json needs weight file ${p}, which metadata.json does not list`);
  }
  return m as ModelJson;
}

/** Validates metadata.json and taxonomy.json together, as ModelError('metadata'). */
export function checkMetadata(metadataValue: unknown, taxonomyValue: unknown): { metadata: ModelMetadata; taxonomy: Taxonomy } {
  let metadata: ModelMetadata;
  try {
    metadata = parseMetadata(metadataValue);
  } catch (e) {
    throw new ModelError('metadata', e instanceof Error ? e.message : String(e));
  }
  const problems = validateTaxonomy(taxonomyValue, metadata.labels);
  if (problems.length) throw new ModelError('metadata', `taxonomy.json is invalid: ${problems.join('; ')}`);
  return { metadata, taxonomy: taxonomyValue as Taxonomy };
}

/**
 * Decodes the weights (uint8 per channel by expandWeights, then tf.io.decodeWeights: float16 and uint8-affine entries
 * are dequantised to float32) and
 * builds the graph executor from model.json's topology; no tfjs-layers needed. Weights must already be verified.
 */
export async function buildClassifier(modelJson: ModelJson, metadata: ModelMetadata, weights: Map<string, ArrayBuffer>): Promise<Classifier> {
  const specs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) {
      const buf = weights.get(p);
      if (!buf) throw new ModelError('metadata', `weight file ${p} was not loaded`);
      parts.push(new Uint8Array(buf));
    }
  }
  const joined = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.byteLength;
  }
  let tensors: tf.NamedTensorMap;
  try {
    const expanded = expandWeights(joined.buffer, specs);
    tensors = tf.io.decodeWeights(expanded.data, expanded.specs);
  } catch (e) {
    throw new ModelError('model', `model.json could not be built: ${e instanceof Error ? e.message : String(e)}`);
  }
  const disposeAll = (): void => Object.values(tensors).forEach((t) => t.dispose());
  let classifier: Classifier;
  try {
    classifier = new Classifier(tensors, metadata, modelJson.modelTopology);
  } catch (e) {
    disposeAll();
    throw new ModelError('model', e instanceof Error ? e.message : String(e));
  }
  const shape = classifier.modelGraph.inputShape;
  const size = metadata.input.size;
  if (!shape || shape[1] !== size || shape[2] !== size || shape[3] !== 3) {
    classifier.dispose();
    throw new ModelError('model', `model input is ${JSON.stringify(shape)}, metadata.json says [null, ${size}, ${size}, 3]`);
  }
  return classifier;
}

/** One classify and one saliency at the real input shape, so shaders and kernels compile before the first photo. */
export async function warmUp(c: Classifier): Promise<void> {
  const x = new Float32Array(c.inputLength);
  await c.classify(x);
  await c.saliency(x, [0]);
}

// ---- Browser: fetch, stream, cache ----

/** Options for fetchModelFiles. */
export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  /** Receives the steps' timings ('model JSON', 'weights'). */
  trace?: LoadStep[];
}

/**
 * The response header on a cached weight file that names the sha256 it was checked against before it was stored. A
 * later load finds the file with this header, the sha256 metadata.json names and the right size, and does not hash
 * it again (the one pass over every byte a cached start would otherwise make).
 */
export const VERIFIED_HEADER = 'x-skinlens-sha256';

const hasCaches = (): boolean => typeof caches !== 'undefined';

async function fetchOrThrow(url: string, what: string, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { signal, cache: 'no-cache' });
  } catch (e) {
    throwIfAborted(signal);
    throw new ModelError('download', `downloading ${what} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok) throw new ModelError('download', `downloading ${what} failed: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  return res;
}

/** A JSON file: network first (to see a new model version), the cache when offline. */
async function fetchJson(url: string, what: string, signal?: AbortSignal): Promise<{ value: unknown; response: string }> {
  let text: string;
  try {
    text = await (await fetchOrThrow(url, what, signal)).text();
  } catch (e) {
    const cached = hasCaches() ? await caches.match(url) : undefined;
    if (!cached || !(e instanceof ModelError) || e.code !== 'download') throw e;
    text = await cached.text();
  }
  try {
    return { value: JSON.parse(text) as unknown, response: text };
  } catch {
    throw new ModelError('metadata', `${what} is not valid JSON`);
  }
}

/** Reads a response body, reporting bytes as they arrive. */
async function readStreaming(res: Response, onBytes: (n: number) => void, signal?: AbortSignal): Promise<ArrayBuffer> {
  if (!res.body) {
    const buf = await res.arrayBuffer();
    onBytes(buf.byteLength);
    return buf;
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    throwIfAborted(signal);
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    onBytes(value.byteLength);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out.buffer;
}

/** Fetches and verifies every file of the model folder at baseUrl (ending in '/'), using the cache when it can. */
export async function fetchModelFiles(baseUrl: string, opts: LoadOptions = {}): Promise<ModelFiles> {
  const { onProgress, signal, trace } = opts;
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const url = (f: string): string => new URL(f, new URL(base, globalThis.location?.href ?? 'http://localhost/')).href;
  const { metadata, taxonomy, modelJson, texts } = await timed(trace, 'model JSON', async () => {
    onProgress?.({ phase: 'metadata', loaded: 0, total: 3 });
    // All three at once; a failure is reported for the first file in this order that failed.
    let done = 0;
    const files = await Promise.allSettled(
      (['metadata.json', 'taxonomy.json', 'model.json'] as const).map((f) =>
        fetchJson(url(f), f, signal).then((r) => {
          onProgress?.({ phase: 'metadata', loaded: ++done, total: 3 });
          return r;
        }),
      ),
    );
    const [meta, tax, mj] = files.map((r) => {
      if (r.status === 'rejected') throw r.reason;
      return r.value;
    }) as [JsonFile, JsonFile, JsonFile];
    const checked = checkMetadata(meta.value, tax.value);
    return { ...checked, modelJson: checkModelJson(mj.value, checked.metadata), texts: { meta, tax, mj } };
  });
  const weights = await timed(trace, 'weights', () => fetchWeights(url, metadata, { onProgress, signal }));
  const cache = weights.cache;
  if (cache) {
    const json = { headers: { 'content-type': 'application/json' } };
    await Promise.all([
      cache.put(url('metadata.json'), new Response(texts.meta.response, json)),
      cache.put(url('taxonomy.json'), new Response(texts.tax.response, json)),
      cache.put(url('model.json'), new Response(texts.mj.response, json)),
    ]).catch(() => undefined);
    // Older versions of the model are dead weight in the user's storage.
    for (const name of await caches.keys()) if (name.startsWith(CACHE_PREFIX) && name !== weights.cacheName) await caches.delete(name);
  }
  return { metadata, taxonomy, modelJson, weights: weights.files, fromCache: weights.fromCache };
}

/** A JSON file as fetchJson read it. */
type JsonFile = Awaited<ReturnType<typeof fetchJson>>;

/**
 * The weight files metadata.json lists, from the model cache (checked by size, and by sha256 unless the entry says it
 * was checked: VERIFIED_HEADER) or downloaded with byte progress, checked and cached.
 */
async function fetchWeights(
  url: (f: string) => string,
  metadata: ModelMetadata,
  { onProgress, signal }: LoadOptions,
): Promise<{ files: Map<string, ArrayBuffer>; fromCache: boolean; cache: Cache | undefined; cacheName: string }> {
  const cacheName = `${CACHE_PREFIX}${metadata.name}@${metadata.version}`;
  const cache = hasCaches() ? await caches.open(cacheName).catch(() => undefined) : undefined;
  const total = metadata.weights.reduce((s, w) => s + w.bytes, 0);
  let loaded = 0;
  let fromCache = true;
  const weights = new Map<string, ArrayBuffer>();
  onProgress?.({ phase: 'weights', loaded, total });
  const headersFor = (w: ModelMetadata['weights'][number]) => ({ 'content-type': 'application/octet-stream', [VERIFIED_HEADER]: w.sha256 });
  for (const w of metadata.weights) {
    throwIfAborted(signal);
    const u = url(w.file);
    const hit = await cache?.match(u);
    if (hit) {
      const buf = await hit.arrayBuffer();
      try {
        if (hit.headers.get(VERIFIED_HEADER) !== w.sha256 || buf.byteLength !== w.bytes) {
          await verifyWeightFile(w.file, buf, metadata);
          // Stored by an app that did not mark it: mark it now, so the next start skips the hash.
          await cache?.put(u, new Response(buf, { headers: headersFor(w) })).catch(() => undefined);
        }
        weights.set(w.file, buf);
        loaded += buf.byteLength;
        onProgress?.({ phase: 'weights', loaded, total });
        continue;
      } catch {
        // A damaged cache entry: drop it and download again.
        await cache?.delete(u);
      }
    }
    fromCache = false;
    const res = await fetchOrThrow(u, w.file, signal);
    const buf = await readStreaming(
      res,
      (n) => {
        loaded += n;
        onProgress?.({ phase: 'weights', loaded, total });
      },
      signal,
    );
    onProgress?.({ phase: 'verify', loaded: weights.size, total: metadata.weights.length });
    await verifyWeightFile(w.file, buf, metadata);
    weights.set(w.file, buf);
    // Storage can be full or denied (private windows); the model still runs, only the next visit downloads again.
    await cache?.put(u, new Response(buf, { headers: headersFor(w) })).catch(() => undefined);
  }
  return { files: weights, fromCache, cache, cacheName };
}
