/** The main flow on each backend: photo -> ready -> top prediction -> sunburst arcs -> saliency heatmap. */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { analyse, hamImages, hasModel, heatmapPixels, lesionPhoto, NO_MODEL, openReady, upload, waitDone } from './helpers';

const SHOTS = path.resolve('docs', 'screenshots');

for (const backend of ['webgl', 'webgpu', 'wasm'] as const) {
  test(`photo to result and saliency on ${backend}`, async ({ page }) => {
    test.skip(!hasModel, NO_MODEL);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openReady(page, `?backend=${backend}`);
    const active = (await page.getByTestId('backend').textContent())?.trim();
    const skipped = (await page.getByTestId('fallbacks').allTextContents()).join(' ');
    test.skip(active !== backend && backend === 'webgpu', `WebGPU is unavailable in this Chromium (${skipped}); the app fell back to ${active}`);
    expect(active).toBe(backend);

    await analyse(page, lesionPhoto());
    const top = page.getByTestId('top-prediction');
    const declined = page.getByTestId('out-of-scope');
    const clinical = page.getByTestId('clinical-photo');
    await expect(top.or(declined).or(clinical)).toBeVisible();
    test.skip(await declined.isVisible(), 'the model declined this lesion photo as out of scope; no result to check');
    test.skip(await clinical.isVisible(), 'the photo-kind check took this lesion photo for one taken without a dermatoscope; no result to check');
    await expect(top).toContainText(/\d+%|<1%|>99%/);
    await expect(page.getByTestId('probabilities').locator('li')).toHaveCount(7);
    expect(await page.locator('svg path.sunburst-arc').count()).toBeGreaterThan(7);
    expect(await heatmapPixels(page)).toBeGreaterThan(500);
    await expect(page.getByTestId('next-step')).toBeVisible();

    if (backend === 'wasm') {
      await page.screenshot({ path: path.join(SHOTS, 'result.png'), fullPage: true });
      // Selecting a group in the sunburst shows saliency for that group's leaves.
      // (With the keyboard: the centre label covers the middle of the big arcs' bounding boxes for a mouse.)
      const heading = page.locator('#saliency-heading');
      const before = await heading.textContent();
      await page.locator('svg path.sunburst-arc[data-id="malignant"]').press('Enter');
      await expect(heading).not.toHaveText(before ?? '');
      expect(await heatmapPixels(page)).toBeGreaterThan(500);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(SHOTS, 'result-phone.png'), fullPage: true });
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.getByTestId('open-map').click();
      await expect(page.locator('.map-view svg')).toBeVisible();
      await page.screenshot({ path: path.join(SHOTS, 'map.png'), fullPage: true });
      await page.getByTestId('tab-model-card').click();
      await expect(page.locator('.model-card-view')).toBeVisible();
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(SHOTS, 'model-card.png'), fullPage: true });
    }
    expect(errors).toEqual([]);
  });
}

test('a second HAM10000 photo replaces the first, and the crop can be moved with the keyboard', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  const [a, b] = hamImages(2);
  test.skip(!a || !b, 'HAM10000 images not found under ../shared');
  await openReady(page, '?backend=wasm&test=1');
  await analyse(page, a!);
  await upload(page, b!);
  await expect(page.getByTestId('photo-name')).toHaveText(path.basename(b!));
  await waitDone(page);
  type Hook = { lastPrediction(): { name: string; crop: { x: number; y: number; size: number } } | null };
  const shown = () => page.evaluate(() => (window as unknown as { __skinlens: Hook }).__skinlens.lastPrediction());
  const first = await shown();
  expect(first?.name).toBe(path.basename(b!));
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
