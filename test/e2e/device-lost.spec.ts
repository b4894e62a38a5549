/**
 * A lost WebGPU device (driver reset, GPU crash): the model moves to the next backend, the page says so, and the
 * next photo is classified there. The loss is real: the ?test=1 hook calls GPUDevice.destroy() on tfjs's device
 * inside the worker, and the engine sees it through device.lost, as it would see a crash.
 */
import { expect, test } from '@playwright/test';
import { analyse, hamImages, hasModel, heatmapPixels, lesionPhoto, NO_MODEL, openReady } from './helpers';

test('a lost WebGPU device: the model moves to another backend and the next photo still gets a result', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openReady(page, '?backend=webgpu&test=1');
  const active = (await page.getByTestId('backend').textContent())?.trim();
  test.skip(active !== 'webgpu', `WebGPU is unavailable in this Chromium; the app runs on ${active}`);

  const [a, b] = hamImages(2);
  await analyse(page, a ?? lesionPhoto());
  type Hook = { loseDevice(): Promise<boolean>; memory(): Promise<{ numTensors: number }> };
  const lost = await page.evaluate(() => (window as unknown as { __skinlens: Hook }).__skinlens.loseDevice());
  expect(lost).toBe(true);

  // The next photo: classified on another backend, with the switch announced.
  await analyse(page, b ?? lesionPhoto());
  await expect(page.getByTestId('backend-switched')).toContainText(/GPU device was lost \(destroyed/);
  const now = (await page.getByTestId('backend').textContent())?.trim();
  console.log(`after the device loss the model runs on ${now}`);
  expect(now).not.toBe('webgpu');
  await expect(page.getByTestId('backend-switched')).toContainText(`moved the model to ${now}`);
  const top = page.getByTestId('top-prediction');
  await expect(top.or(page.getByTestId('out-of-scope')).or(page.getByTestId('clinical-photo'))).toBeVisible();
  if (await top.isVisible()) expect(await heatmapPixels(page)).toBeGreaterThan(500);
  expect(errors).toEqual([]);
});
