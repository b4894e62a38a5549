/**
 * The similar-cases pack (public/cases/, written by training/similar_cases.py) as plain data, and the pure choice of
 * the cases shown: the nearest internal-test images in the same ood_proj space the map uses (core/embedding).
 */
import { nearestPoints, type EmbeddingPoint } from '../../core/embedding';

/** One internal-test image of the pack, in the order of model/embedding.json's points. */
export interface CaseRecord {
  /** HAM10000 image id. */
  id: string;
  /** True diagnosis (a model label). */
  label: string;
  /** Diagnosis confirmed by histopathology (HAM10000 dx_type "histo"). */
  biopsy: boolean;
  /** Lesion group: images of one lesion share it. */
  lesion: number;
  /** The model's probabilities for this image (model label order), computed when the pack was built. */
  p: number[];
}

/** Distance bands fitted on validation: below edges[0] "very similar", up to edges[1] "similar", beyond "loosely similar". */
export interface Bands {
  edges: [number, number];
  names: [string, string, string];
  fitted_on: string;
  validation_same_diagnosis: [number, number, number];
}

/** public/cases/index.json. */
export interface CaseIndex {
  model: string;
  attribution: string;
  source: string;
  sprite: { file: string; side: number; columns: number; bytes: number };
  bands: Bands;
  cases: CaseRecord[];
}

/** The pack the view works on: the index plus each case's ood_proj coordinates (from embedding.json). */
export interface CasePack {
  index: CaseIndex;
  points: readonly Pick<EmbeddingPoint, 'label' | 'z'>[];
}

/** One similar case as shown. */
export interface SimilarCase {
  /** Index into the pack's cases (and the sprite). */
  index: number;
  distance: number;
  /** 0 very similar, 1 similar, 2 loosely similar. */
  band: 0 | 1 | 2;
  record: CaseRecord;
}

/** Checks the two files agree and returns the pack; throws with the reason otherwise. */
export function makePack(index: unknown, embedding: unknown): CasePack {
  const ix = index as Partial<CaseIndex> | null;
  const pts = (embedding as { points?: unknown } | null)?.points;
  if (!ix || !Array.isArray(ix.cases) || !ix.sprite || !ix.bands || !Array.isArray(ix.bands.edges) || ix.bands.edges.length !== 2) {
    throw new Error('cases/index.json is malformed');
  }
  if (!Array.isArray(pts)) throw new Error('model/embedding.json has no points');
  if (pts.length !== ix.cases.length) throw new Error(`cases/index.json has ${ix.cases.length} cases but the map has ${pts.length} points: rebuild the pack`);
  const points = pts as Pick<EmbeddingPoint, 'label' | 'z'>[];
  ix.cases.forEach((c, i) => {
    if (c.label !== points[i]?.label) throw new Error(`case ${i} is ${c.label} in cases/index.json but ${points[i]?.label} on the map: rebuild the pack`);
  });
  return { index: ix as CaseIndex, points };
}

/** The band of a distance. */
export function bandOf(distance: number, edges: readonly [number, number]): 0 | 1 | 2 {
  return distance <= edges[0] ? 0 : distance <= edges[1] ? 1 : 2;
}

/** Which cases may be shown: only these diagnoses (a sunburst node's leaves), never this lesion (a teaching case's own). */
export interface CaseFilter {
  labels?: readonly string[];
  excludeLesion?: number;
}

/** The k nearest cases to z under the filter, nearest first. */
export function similarCases(z: readonly number[], pack: CasePack, k = 8, filter: CaseFilter = {}): SimilarCase[] {
  const { cases } = pack.index;
  const labels = filter.labels ? new Set(filter.labels) : null;
  const keep = (i: number): boolean => {
    const c = cases[i];
    return !!c && (!labels || labels.has(c.label)) && (filter.excludeLesion === undefined || c.lesion !== filter.excludeLesion);
  };
  return nearestPoints(z, pack.points, k, keep).flatMap((n) => {
    const record = cases[n.index];
    return record ? [{ index: n.index, distance: n.distance, band: bandOf(n.distance, pack.index.bands.edges), record }] : [];
  });
}

/** Where case i's tile lies in the sprite, in sprite pixels. */
export function tileRect(i: number, sprite: Pick<CaseIndex['sprite'], 'side' | 'columns'>): { x: number; y: number; side: number } {
  return { x: (i % sprite.columns) * sprite.side, y: Math.floor(i / sprite.columns) * sprite.side, side: sprite.side };
}

/** A case as opened: from the similar cases (with its band), or from the map (with a band only when there is a photo). */
export type OpenedCase = Pick<SimilarCase, 'index' | 'record'> & { band?: SimilarCase['band'] };

/** The case of the pack at `index`, with its band to the photo at `z` when there is one. */
export function caseAt(pack: CasePack, index: number, z?: readonly number[] | null): OpenedCase | null {
  const record = pack.index.cases[index];
  const p = pack.points[index]?.z;
  if (!record) return null;
  if (!z || !p || p.length !== z.length || z.length === 0) return { index, record };
  const distance = Math.sqrt(z.reduce((s, v, i) => s + (v - (p[i] ?? 0)) ** 2, 0));
  return Number.isFinite(distance) ? { index, record, band: bandOf(distance, pack.index.bands.edges) } : { index, record };
}

/** Short text of a case: diagnosis, how it was confirmed, and its band ("" without one). */
export function caseText(c: OpenedCase, pack: CasePack, names: Readonly<Record<string, string>>): { diagnosis: string; proof: string; band: string } {
  return {
    diagnosis: names[c.record.label] ?? c.record.label,
    proof: c.record.biopsy ? 'biopsy-proven' : 'not biopsy-proven',
    band: c.band === undefined ? '' : (pack.index.bands.names[c.band] ?? ''),
  };
}
