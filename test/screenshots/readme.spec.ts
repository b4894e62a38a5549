/**
 * The README's screenshots, docs/screenshots/*.png, written only by `npm run screenshots` (never by `npm test`): the
 * result on the wasm backend for a HAM10000 photo where ../shared has one (else the generated dermoscopy photo), the
 * phone layout, the map with a test image opened, the model card, a declined natural photo and the camera.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { analyse, hamImages, heatmapPixels, lesionPhoto, OOD_DIR, openReady } from '../e2e/helpers';

const SHOTS = path.resolve('docs', 'screenshots');
const shot = (name: string): string => path.join(SHOTS, name);

test('result, phone layout, map and model card', async ({ page }) => {
  await openReady(page, '?backend=wasm');
  await analyse(page, hamImages(1)[0] ?? lesionPhoto());
  await expect(page.getByTestId('top-prediction')).toBeVisible();
  await heatmapPixels(page);
  await page.screenshot({ path: shot('result.png'), fullPage: true });
  // The malignant group selected: its saliency (with the keyboard, as the centre label covers the big arcs).
  const heading = page.locator('#saliency-heading');
  const before = await heading.textContent();
  await page.locator('svg path.sunburst-arc[data-id="malignant"]').press('Enter');
  await expect(heading).not.toHaveText(before ?? '');
  await heatmapPixels(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: shot('result-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.getByTestId('open-map').click();
  await expect(page.locator('.map-view svg')).toBeVisible();
  // The test image nearest to the photo, opened (its dot is the one in the tab order).
  await page.locator('circle.map-point[tabindex="0"]').click({ force: true });
  await expect(page.getByTestId('case-detail').locator('img')).toBeVisible();
  await page.screenshot({ path: shot('map.png'), fullPage: true });
  await page.getByTestId('tab-model-card').click();
  await expect(page.locator('.model-card-view')).toBeVisible();
  // The card's charts and tables fill in after the view appears.
  await page.waitForTimeout(500);
  await page.screenshot({ path: shot('model-card.png'), fullPage: true });
});

test('a photo that is not a skin lesion, declined', async ({ page }, testInfo) => {
  const photo = path.join(OOD_DIR, 'grace_hopper.jpg');
  test.skip(!fs.existsSync(photo), `${photo} not found: out-of-scope.png is left as it is`);
  await openReady(page, '?backend=wasm');
  await analyse(page, photo);
  await expect(page.getByTestId('out-of-scope')).toBeVisible();
  await page.screenshot({ path: shot('out-of-scope.png'), fullPage: true });
  // At phone width too, for looking at (not in the README).
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('out-of-scope-phone.png'), fullPage: true });
});

test('the camera preview (Chromium fake camera)', async ({ page }, testInfo) => {
  await openReady(page, '?backend=wasm');
  await page.getByTestId('open-camera').click();
  const preview = page.getByTestId('camera-preview');
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('camera-guidance')).toBeVisible();
  await page.screenshot({ path: shot('camera.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('camera-phone.png'), fullPage: true });
});
