/** public/model/metadata.json: the model contract, and its validation at load time. */
import type { OodParams } from './ood';
import { validatePhotoKind, type PhotoKindParams } from './photo-kind';
import type { ColourConstancy } from './preprocess';

/** One weight file with its integrity data. */
export interface WeightFile {
  file: string;
  bytes: number;
  sha256: string;
}

/** The parsed metadata.json. */
export interface ModelMetadata {
  name: string;
  version: string;
  /** The diagnoses in the model's output order: taxonomy.json's leaves (checked against it by validateTaxonomy). */
  labels: string[];
  input: { size: number; mean: number; scale: number; layout: 'NHWC'; colour: 'RGB'; cropFraction?: number; colourConstancy?: ColourConstancy };
  /** Names of the model's outputs in order: logits, 1280-d features, whitened PCA projection for the OOD test. */
  outputs: ['logits', 'features', 'ood_proj'];
  temperature: number;
  weights: WeightFile[];
  ood: OodParams;
  /** The photo-kind gate (training/lib/photo_kind.py, fitted by the export); absent in older model folders, which use the distance test alone. */
  photoKind?: PhotoKindParams;
  provenance: { data: string; backbone: string; training: string };
  license: { data: string; backbone: string; code: string };
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isNumArray = (v: unknown, len?: number): v is number[] => Array.isArray(v) && v.every(isNum) && (len === undefined || v.length === len);

/** Returns the problems with a parsed metadata.json (empty when valid). */
export function validateMetadata(value: unknown): string[] {
  const m = value as Partial<ModelMetadata> | null;
  if (!m || typeof m !== 'object') return ['metadata is not a JSON object'];
  const p: string[] = [];
  const labels = Array.isArray(m.labels) ? m.labels : [];
  if (labels.length < 2 || !labels.every((l) => typeof l === 'string' && l !== '') || new Set(labels).size !== labels.length) {
    p.push(`labels must be at least two distinct diagnosis codes, got ${JSON.stringify(m.labels)}`);
  }
  const inp = m.input;
  if (!inp || !Number.isInteger(inp.size) || inp.size < 32 || inp.size > 512) p.push('input.size must be an integer from 32 to 512');
  if (!inp || !isNum(inp.mean) || !isNum(inp.scale) || inp.scale === 0) p.push('input.mean and input.scale must be numbers, scale non-zero');
  if (inp && inp.cropFraction !== undefined && (!isNum(inp.cropFraction) || inp.cropFraction <= 0 || inp.cropFraction > 1))
    p.push('input.cropFraction must be in (0, 1]');
  const cc = inp?.colourConstancy as Partial<ColourConstancy> | undefined;
  if (cc !== undefined && (cc?.method !== 'shades-of-grey' || !isNum(cc.p) || cc.p <= 0 || cc.p > 32)) {
    p.push('input.colourConstancy must be {"method": "shades-of-grey", "p": a number in (0, 32]}');
  }
  if (!Array.isArray(m.outputs) || m.outputs.join(' ') !== 'logits features ood_proj') p.push('outputs must be ["logits","features","ood_proj"]');
  if (!isNum(m.temperature) || m.temperature <= 0) p.push('temperature must be a positive number');
  if (!Array.isArray(m.weights) || m.weights.length === 0) p.push('weights must list at least one file');
  else
    for (const w of m.weights) {
      if (typeof w.file !== 'string' || !/^[\w.-]+$/.test(w.file)) p.push(`weight file name ${JSON.stringify(w.file)} is not a plain file name`);
      if (typeof w.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(w.sha256)) p.push(`weight file ${w.file} has no valid sha256`);
      if (!Number.isInteger(w.bytes) || w.bytes <= 0) p.push(`weight file ${w.file} has no byte count`);
    }
  const o = m.ood;
  if (!o) p.push('ood block missing');
  else {
    const k = Array.isArray(o.eigenvalues) ? o.eigenvalues.length : 0;
    if (!isNumArray(o.mean) || o.mean.length === 0) p.push('ood.mean must be a list of numbers');
    if (!isNumArray(o.eigenvalues) || k === 0) p.push('ood.eigenvalues must be a non-empty list of numbers');
    if (!Array.isArray(o.classMeans) || o.classMeans.length !== labels.length || !o.classMeans.every((c) => isNumArray(c, k))) {
      p.push(`ood.classMeans must be ${labels.length} lists of ${k} numbers (one per label)`);
    }
    if (!isNum(o.mahalanobisThreshold) || o.mahalanobisThreshold <= 0) p.push('ood.mahalanobisThreshold must be positive');
    if (!isNum(o.residualThreshold) || o.residualThreshold <= 0) p.push('ood.residualThreshold must be positive');
    if (o.photo !== undefined) {
      for (const key of ['brightness', 'contrast', 'detail', 'skin'] as const) {
        const r = (o.photo as Record<string, unknown>)[key];
        if (!isNumArray(r, 2) || r[0]! > r[1]!) p.push(`ood.photo.${key} must be [min, max]`);
      }
    }
    if (!isNum(o.borderlineFraction) || o.borderlineFraction <= 0 || o.borderlineFraction >= 1) p.push('ood.borderlineFraction must be in (0, 1)');
    if (o.mid !== undefined) {
      const mid = o.mid as unknown as Record<string, unknown>;
      if (typeof mid.layer !== 'string' || mid.layer === '') p.push('ood.mid.layer must name a layer');
      if (!Number.isInteger(mid.dims) || (mid.dims as number) <= 0) p.push('ood.mid.dims must be a positive integer');
      if (!isNum(mid.threshold) || mid.threshold <= 0) p.push('ood.mid.threshold must be positive');
    }
    // The gate's signal layout is checked against the ood block's, so only once that block is valid itself.
    if (m.photoKind !== undefined && p.length === 0) p.push(...validatePhotoKind(m.photoKind, k, o.mid?.dims ?? 0));
  }
  return p;
}

/** Parses and validates; throws one Error listing every problem. */
export function parseMetadata(value: unknown): ModelMetadata {
  const problems = validateMetadata(value);
  if (problems.length) throw new Error(`model metadata is invalid: ${problems.join('; ')}`);
  return value as ModelMetadata;
}
