/** Shared e2e helpers: where the test photos are, uploading, and waiting for results. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { FIXTURE_DIR } from '../fixtures/generate';

/** ../shared, or SKINLENS_SHARED. Tests needing it skip with a reason when it is absent. */
export const SHARED = process.env.SKINLENS_SHARED ?? path.resolve('..', 'shared');
export const HAM_DIR = path.join(SHARED, 'data', 'ham10000', 'images_200x150');
export const OOD_DIR = path.join(SHARED, 'data', 'ood_natural');
export const PAD_DIR = path.join(SHARED, 'data', 'pad_ufes20');
export const fixture = (name: string): string => path.join(FIXTURE_DIR, name);
export const hasModel = fs.existsSync(path.resolve('public', 'model', 'model.json')) || process.env.E2E_FIXTURE_MODEL === '1';
export const NO_MODEL = 'public/model/model.json is missing (run training first)';

/** A few HAM10000 images (first of the listing), or [] when the data set is absent. */
export function hamImages(n = 2): string[] {
  if (!fs.existsSync(HAM_DIR)) return [];
  return fs
    .readdirSync(HAM_DIR)
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, n)
    .map((f) => path.join(HAM_DIR, f));
}

/** A few PAD-UFES-20 smartphone photos of its test split (first by name), or [] when the data set is absent. */
export function padTestImages(n = 1): string[] {
  const labels = path.join(PAD_DIR, 'labels.csv');
  if (!fs.existsSync(labels)) return [];
  const [head, ...rows] = fs.readFileSync(labels, 'utf8').trim().split('\n');
  const cols = (head ?? '').split(',');
  const file = cols.indexOf('file');
  const split = cols.indexOf('split');
  return rows
    .map((r) => r.split(','))
    .filter((c) => c[split] === 'test')
    .map((c) => path.join(PAD_DIR, c[file] ?? ''))
    .sort()
    .slice(0, n);
}

/**
 * The e2e tests' lesion photos: generated dermoscopy images (test/fixtures/generate.ts) that the shipped model keeps
 * in scope, so the flow runs its assertions on every machine, with or without ../shared.
 */
export const lesionPhoto = (): string => fixture('dermoscopy.jpg');
export const secondLesionPhoto = (): string => fixture('dermoscopy-b.jpg');

/** Opens the app and waits for the model. */
export async function openReady(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('status')).toContainText('ready', { timeout: 120_000 });
}

/** Chooses a file in the picker. */
export async function upload(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(file);
}

/** Waits until the current analysis is finished (a result, a decline, or an error). */
export async function waitDone(page: Page): Promise<void> {
  await expect(page.getByTestId('status')).toContainText('Result below', { timeout: 120_000 });
}

/**
 * Uploads a photo and waits for *its* result: first for its name to show (the analysis starts in the same
 * update), so that the previous photo's "Result below" is never mistaken for this one's.
 */
export async function analyse(page: Page, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await upload(page, file);
  await expect(page.getByTestId('photo-name')).toHaveText(typeof file === 'string' ? path.basename(file) : file.name, { timeout: 60_000 });
  await waitDone(page);
}

/** Number of canvas pixels whose colour differs between the overlay at full and at zero opacity is hard to get; instead count non-transparent, non-grey pixels. */
export async function saliencyPixels(page: Page): Promise<number> {
  return page.locator('canvas.saliency-overlay').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d');
    if (!ctx) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if ((d[i + 3] ?? 0) > 0) n++;
    return n;
  });
}

/**
 * Pixels the heatmap changes: the overlay canvas is read with the heatmap at opacity 0 (photo only) and at 1, and
 * the pixels that differ are counted. Waits for the map first.
 */
export async function heatmapPixels(page: Page): Promise<number> {
  const canvas = page.locator('canvas.saliency-overlay');
  await expect(canvas).toHaveAttribute('aria-label', /Heatmap of the pixels/, { timeout: 120_000 });
  const slider = page.locator('input.saliency-slider');
  const read = () => canvas.evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? []));
  await slider.fill('0');
  const photo = await read();
  await slider.fill('1');
  const heat = await read();
  let n = 0;
  for (let i = 0; i < photo.length; i += 4) if (Math.abs((photo[i] ?? 0) - (heat[i] ?? 0)) + Math.abs((photo[i + 1] ?? 0) - (heat[i + 1] ?? 0)) > 8) n++;
  await slider.fill('0.6');
  return n;
}
