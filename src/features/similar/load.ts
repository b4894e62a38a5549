/**
 * Loads the similar-cases pack on first use only (never on the first visit's critical path): cases/index.json,
 * model/embedding.json and the thumbnail sprite, each fetched once per page and shared by every view. Tiles are cut
 * from the sprite into small same-page blob: URLs, so every thumbnail is a plain <img>. A failed load is forgotten,
 * so the views' "Try again" (features/offline) fetches again.
 */
import { useEffect, useState } from 'react';
import { fetchFile } from '../offline/fetchFile';
import { useRetryable, type Retryable } from '../offline/useRetryable';
import { makePack, tileRect, type CasePack } from './cases';

async function json(path: string): Promise<unknown> {
  return (await fetchFile(path)).json();
}

/** Decodes an image file of this origin into a bitmap. */
export async function fetchBitmap(path: string): Promise<ImageBitmap> {
  return createImageBitmap(await (await fetchFile(path)).blob());
}

let packPromise: Promise<CasePack> | null = null;
let spritePromise: Promise<ImageBitmap> | null = null;
const tileUrls = new Map<number, Promise<string>>();

/** The pack (index + map points), loaded once; a failed load is retried on the next call. */
export function loadPack(): Promise<CasePack> {
  packPromise ??= Promise.all([json('cases/index.json'), json('model/embedding.json')])
    .then(([index, embedding]) => makePack(index, embedding))
    .catch((e: unknown) => {
      packPromise = null;
      throw e;
    });
  return packPromise;
}

/** A blob: URL holding case i's thumbnail. */
export function tileUrl(pack: CasePack, i: number): Promise<string> {
  const hit = tileUrls.get(i);
  if (hit) return hit;
  spritePromise ??= fetchBitmap(`cases/${pack.index.sprite.file}`).catch((e: unknown) => {
    spritePromise = null;
    throw e;
  });
  const p = spritePromise.then(async (sprite) => {
    const { x, y, side } = tileRect(i, pack.index.sprite);
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(sprite, x, y, side, side, 0, 0, side, side);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the thumbnail could not be encoded');
    return URL.createObjectURL(blob);
  });
  p.catch(() => tileUrls.delete(i));
  tileUrls.set(i, p);
  return p;
}

/** Resolves once the next frame is painted (at once where there are no frames, as in tests without a DOM). */
const afterPaint = (): Promise<void> =>
  new Promise((resolve) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => setTimeout(resolve, 0)) : resolve()));

/**
 * loadPack once the frame that mounted the view is on screen: the similar cases sit under a first result, and their
 * files (the map's embedding among them) are not what that result needs, so they start after it is shown.
 */
const loadPackAfterPaint = (): Promise<CasePack> => afterPaint().then(loadPack);

/** The pack, loading it when the component first mounts (after that frame is painted), and a retry. */
export function usePack(): [Retryable<CasePack>, () => void] {
  return useRetryable(loadPackAfterPaint);
}

/** Case i's thumbnail URL once cut (null until then, or when it failed). */
export function useTile(pack: CasePack, i: number): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setUrl(null);
    tileUrl(pack, i).then(
      (u) => live && setUrl(u),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [pack, i]);
  return url;
}
