/**
 * The main flow on each backend: photo -> ready -> top prediction -> sunburst arcs -> saliency heatmap. The photos are
 * generated dermoscopy images that the model keeps in scope: a decline fails the test. (README screenshots: `npm run
 * screenshots`; the ones taken here go to test-results/.)
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { analyse, hasModel, heatmapPixels, lesionPhoto, NO_MODEL, openReady, secondLesionPhoto, upload, waitDone } from './helpers';

for (const backend of ['webgl', 'webgpu', 'wasm'] as const) {
  test(`photo to result and saliency on ${backend}`, async ({ page }, testInfo) => {
    test.skip(!hasModel, NO_MODEL);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openReady(page, `?backend=${backend}`);
    const active = (await page.getByTestId('backend').textContent())?.trim();
    const skipped = (await page.getByTestId('fallbacks').allTextContents()).join(' ');
    test.skip(active !== backend && backend === 'webgpu', `WebGPU is unavailable in this Chromium (${skipped}); the app fell back to ${active}`);
    expect(active).toBe(backend);

    await analyse(page, lesionPhoto());
    await expect(page.getByTestId('out-of-scope')).toHaveCount(0);
    const top = page.getByTestId('top-prediction');
    await expect(top).toBeVisible();
    await expect(top).toContainText(/\d+%|<1%|>99%/);
    await expect(page.getByTestId('probabilities').locator('li')).toHaveCount(7);
    expect(await page.locator('svg path.sunburst-arc').count()).toBeGreaterThan(7);
    expect(await heatmapPixels(page)).toBeGreaterThan(500);
    await expect(page.getByTestId('next-step')).toBeVisible();

    if (backend === 'wasm') {
      await page.screenshot({ path: testInfo.outputPath('result.png'), fullPage: true });
      // Selecting a group in the sunburst shows saliency for that group's leaves.
      // (With the keyboard: the centre label covers the middle of the big arcs' bounding boxes for a mouse.)
      const heading = page.locator('#saliency-heading');
      const before = await heading.textContent();
      await page.locator('svg path.sunburst-arc[data-id="malignant"]').press('Enter');
      await expect(heading).not.toHaveText(before ?? '');
      expect(await heatmapPixels(page)).toBeGreaterThan(500);
      await page.getByTestId('open-map').click();
      await expect(page.locator('.map-view svg')).toBeVisible();
      await page.getByTestId('tab-model-card').click();
      await expect(page.locator('.model-card-view')).toBeVisible();
    }
    expect(errors).toEqual([]);
  });
}

test('a second photo replaces the first, and the crop can be moved with the keyboard', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  const [a, b] = [lesionPhoto(), secondLesionPhoto()];
  await openReady(page, '?backend=wasm&test=1');
  await analyse(page, a);
  await upload(page, b);
  await expect(page.getByTestId('photo-name')).toHaveText(path.basename(b));
  await waitDone(page);
  await expect(page.getByTestId('top-prediction')).toBeVisible();
  type Hook = { lastPrediction(): { name: string; crop: { x: number; y: number; size: number } } | null };
  const shown = () => page.evaluate(() => (window as unknown as { __skinlens: Hook }).__skinlens.lastPrediction());
  const first = await shown();
  expect(first?.name).toBe(path.basename(b));
  const square = page.getByTestId('crop-square');
  const before = await square.getAttribute('style');
  await square.focus();
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('-');
  await expect(square).not.toHaveAttribute('style', before ?? '');
  // The moved crop is analysed again: wait for a result computed on the new crop. (Not for the transient
  // "Analysing" status: on a fast backend it can come and go between two polls.)
  await expect.poll(async () => (await shown())?.crop, { timeout: 120_000 }).not.toEqual(first?.crop);
  await waitDone(page);
});
