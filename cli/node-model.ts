/** The model in Node: tfjs wasm backend (cpu if wasm cannot start), files read from a model folder on disk. */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { ModelMetadata } from '../src/core/metadata';
import type { Taxonomy } from '../src/core/taxonomy';
import type { Classifier } from '../src/model/classifier';
import { ModelError } from '../src/model/errors';
import { buildClassifier, checkMetadata, checkModelJson, verifyWeightFile } from '../src/model/load';

/** Starts the wasm backend (binaries from node_modules), or cpu when wasm fails; returns the backend's name. */
export async function setupNodeBackend(prefer: 'wasm' | 'cpu' = 'wasm'): Promise<string> {
  if (prefer === 'wasm') {
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(dist + path.sep);
    try {
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return 'wasm';
      }
    } catch {
      // fall through to cpu
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ModelError('download', `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ModelError('metadata', `${file} is not valid JSON`);
  }
}

/** A model folder loaded and verified (sha256 of every weight file) from disk. */
export interface NodeModel {
  classifier: Classifier;
  metadata: ModelMetadata;
  taxonomy: Taxonomy;
}

/** A model folder's metadata.json and taxonomy.json, checked. */
export type CheckedMetadata = Pick<NodeModel, 'metadata' | 'taxonomy'>;

/** Reads and checks metadata.json and taxonomy.json (cheap: the CLI reads them first to start decoding early). */
export async function readModelMetadata(dir: string): Promise<CheckedMetadata> {
  return checkMetadata(await readJson(path.join(dir, 'metadata.json')), await readJson(path.join(dir, 'taxonomy.json')));
}

/** Loads public/model (or another folder with the same contract) from disk on the current backend. */
export async function loadModelFromDir(dir: string, checked?: CheckedMetadata): Promise<NodeModel> {
  const { metadata, taxonomy } = checked ?? (await readModelMetadata(dir));
  const modelJson = checkModelJson(await readJson(path.join(dir, 'model.json')), metadata);
  const weights = new Map<string, ArrayBuffer>();
  for (const w of metadata.weights) {
    let buf: Buffer;
    try {
      buf = await readFile(path.join(dir, w.file));
    } catch (e) {
      throw new ModelError('download', `cannot read weight file ${w.file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    await verifyWeightFile(w.file, ab, metadata);
    weights.set(w.file, ab);
  }
  const classifier = await buildClassifier(modelJson, metadata, weights);
  return { classifier, metadata, taxonomy };
}
