/**
 * A stand-in model folder for tests that must run before (or without) training: the shared MobileNetV2 backbone
 * (same layer types as the shipped model) at the contract's input size, with seeded random logits and ood_proj
 * heads, and a metadata.json whose sha256s are real. Nothing about its predictions is meaningful. Without ../shared
 * (a fresh machine) the shipped model's backbone layers stand in for the shared backbone.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs-core';
import { entryBytes } from '../../../src/model/weights';
import { LABELS } from '../../fixtures/labels';
import { seeded } from '../../fixtures/random';

export { seeded };

const here = path.dirname(fileURLToPath(import.meta.url));

/** The shipped model folder, when training has written it. */
export const REAL_MODEL_DIR = path.resolve(here, '../../../public/model');
/** True when public/model has a model (tests on it are skipped otherwise, with a printed reason). */
export const hasRealModel = (): boolean => existsSync(path.join(REAL_MODEL_DIR, 'model.json')) && existsSync(path.join(REAL_MODEL_DIR, 'metadata.json'));

const SHARED = path.resolve(process.env.SKINLENS_SHARED ?? path.resolve(here, '../../../../shared'), 'weights/mobilenet_v2_100_224_qat_uint8_notop');

type WeightEntry = tf.io.WeightsManifestEntry;
interface BaseModel {
  dir: string;
  spec: { modelTopology: { config: { layers: { name: string }[] } }; weightsManifest: { paths: string[]; weights: WeightEntry[] }[] };
  files: string[];
  /** Bytes to keep from the start of each file (the shipped model's head weights are cut off). */
  keep?: number;
}

/** The shared backbone, or else the shipped model without its two heads (its trailing weights are ignored). */
function baseModel(): BaseModel {
  if (existsSync(path.join(SHARED, 'model.json'))) {
    return { dir: SHARED, spec: JSON.parse(readFileSync(path.join(SHARED, 'model.json'), 'utf8')), files: ['group1-shard1of2.bin', 'group1-shard2of2.bin'] };
  }
  const spec = JSON.parse(readFileSync(path.join(REAL_MODEL_DIR, 'model.json'), 'utf8')) as BaseModel['spec'];
  const heads = new Set(['logits', 'ood_proj', 'ood_mid_pool', 'ood_mid', 'ood_concat']);
  spec.modelTopology.config.layers = spec.modelTopology.config.layers.filter((l) => !heads.has(l.name));
  const group = spec.weightsManifest[0]!;
  const cut = group.weights.findIndex((w) => heads.has(w.name.split('/')[0] ?? ''));
  group.weights = group.weights.slice(0, cut);
  return { dir: REAL_MODEL_DIR, spec, files: group.paths, keep: group.weights.reduce((n, w) => n + entryBytes(w), 0) };
}

const dense = (name: string, units: number) => ({
  name,
  class_name: 'Dense',
  config: { units, activation: 'linear', use_bias: true, name, trainable: true },
  inbound_nodes: [[['global_avg_pool', 0, 0, {}]]],
});

/** Writes the fixture folder (once) under dir and returns its path. */
export function makeFixtureModelDir(dir: string, size = 160, k = 8): string {
  const out = path.join(dir, `fixture-model-${size}-${k}`);
  if (existsSync(path.join(out, 'metadata.json'))) return out;
  mkdirSync(out, { recursive: true });
  const base = baseModel();
  // biome-ignore lint/suspicious/noExplicitAny: the topology is untyped JSON edited in place
  const spec = base.spec as any;
  const cfg = spec.modelTopology.config;
  cfg.layers[0].config.batch_input_shape = [null, size, size, 3];
  cfg.layers.push(dense('logits', LABELS.length), dense('ood_proj', k));
  cfg.output_layers = [
    ['logits', 0, 0],
    ['global_avg_pool', 0, 0],
    ['ood_proj', 0, 0],
  ];
  const rand = seeded(7);
  const f = 1280;
  const heads = new Float32Array(f * LABELS.length + LABELS.length + f * k + k);
  for (let i = 0; i < heads.length; i++) heads[i] = (rand() - 0.5) * 0.1;
  spec.weightsManifest.push({
    paths: ['heads.bin'],
    weights: [
      { name: 'logits/kernel', shape: [f, LABELS.length], dtype: 'float32' },
      { name: 'logits/bias', shape: [LABELS.length], dtype: 'float32' },
      { name: 'ood_proj/kernel', shape: [f, k], dtype: 'float32' },
      { name: 'ood_proj/bias', shape: [k], dtype: 'float32' },
    ],
  });
  writeFileSync(path.join(out, 'heads.bin'), Buffer.from(heads.buffer));
  writeFileSync(path.join(out, 'model.json'), JSON.stringify(spec));
  const files = base.files;
  for (const file of files) {
    if (base.keep === undefined) copyFileSync(path.join(base.dir, file), path.join(out, file));
    else writeFileSync(path.join(out, file), readFileSync(path.join(base.dir, file)).subarray(0, base.keep));
  }
  const weights = [...files, 'heads.bin'].map((file) => {
    const data = readFileSync(path.join(out, file));
    return { file, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  });
  const metadata = {
    name: 'fixture',
    version: '0',
    labels: [...LABELS],
    input: { size, mean: 127.5, scale: 127.5, layout: 'NHWC', colour: 'RGB' },
    outputs: ['logits', 'features', 'ood_proj'],
    temperature: 1.5,
    weights,
    ood: {
      mean: new Array(f).fill(0),
      eigenvalues: new Array(k).fill(1),
      classMeans: LABELS.map(() => new Array(k).fill(0)),
      mahalanobisThreshold: 1e6,
      residualThreshold: 1e6,
      borderlineFraction: 0.8,
    },
    provenance: { data: 'none', backbone: 'shared MobileNetV2', training: 'none (random heads)' },
    license: { data: 'none', backbone: 'Apache-2.0', code: 'Apache-2.0' },
  };
  writeFileSync(path.join(out, 'metadata.json'), JSON.stringify(metadata));
  copyFileSync(path.join(REAL_MODEL_DIR, 'taxonomy.json'), path.join(out, 'taxonomy.json'));
  return out;
}
