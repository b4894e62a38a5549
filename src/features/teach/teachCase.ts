/**
 * Loading the teaching set (cases/teach.json and its sprite, once per page) and running the model on one case: the
 * case's pixels go through the same preprocessing and model as a user's photo, in this browser; nothing is sent.
 */
import { toModelInput, type RgbaImage } from '../../core/preprocess';
import { argmax } from '../../core/probabilities';
import { aggregate, type AggregatedNode } from '../../core/taxonomy';
import type { ModelClient, ModelInfo, Prediction, SaliencyMap } from '../../model/types';
import { fetchFile } from '../offline/fetchFile';
import { tileRect, type CasePack } from '../similar/cases';
import { fetchBitmap, loadPack } from '../similar/load';
import { parseTeachSet, type TeachSet } from './round';

/** The teaching set, its decoded sprite, and the case pack it indexes (for each case's truth and similar cases). */
export interface TeachData {
  set: TeachSet;
  sprite: ImageBitmap;
  pack: CasePack;
}

let setPromise: Promise<TeachData> | null = null;

/** The teaching set and its decoded sprite, loaded once; a failed load is retried on the next call. */
export function loadTeachSet(): Promise<TeachData> {
  setPromise ??= (async () => {
    const [pack, r] = await Promise.all([loadPack(), fetchFile('cases/teach.json')]);
    const set = parseTeachSet(await r.json(), pack.index.cases.length);
    return { set, sprite: await fetchBitmap(`cases/${set.sprite.file}`), pack };
  })().catch((e: unknown) => {
    setPromise = null;
    throw e;
  });
  return setPromise;
}

/** Teaching case `k` of the set drawn on a canvas at the model's input size. */
export function caseCanvas(set: TeachSet, sprite: ImageBitmap, k: number): HTMLCanvasElement {
  const { x, y, side } = tileRect(k, set.sprite);
  const c = document.createElement('canvas');
  c.width = side;
  c.height = side;
  c.getContext('2d')?.drawImage(sprite, x, y, side, side, 0, 0, side, side);
  return c;
}

/** The model's view of one case. */
export interface CaseResult {
  prediction: Prediction;
  tree: AggregatedNode;
  top: string;
  saliency: SaliencyMap | null;
}

/** Classifies the case (the whole tile is the crop) and takes the saliency map of its top diagnosis. */
export async function runCase(client: ModelClient, info: ModelInfo, canvas: HTMLCanvasElement, signal: AbortSignal): Promise<CaseResult> {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  const img: RgbaImage = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const input = toModelInput(img, info.metadata.input, { x: 0, y: 0, size: canvas.width });
  const prediction = await client.classify(input, { signal });
  const topIndex = argmax(prediction.probabilities);
  const top = info.metadata.labels[topIndex] ?? '';
  const tree = aggregate(info.taxonomy.root, info.metadata.labels, prediction.probabilities);
  let saliency: SaliencyMap | null = null;
  try {
    saliency = await client.saliency(input, [topIndex], { signal });
  } catch (e) {
    if (signal.aborted) throw e;
  }
  return { prediction, tree, top, saliency };
}
