/** The camera flow with Chromium's fake camera; tracks stop when the camera is closed. */
import { expect, test } from '@playwright/test';
import { hasModel, NO_MODEL, openReady, waitDone } from './helpers';

test('take a photo with the (fake) camera and get an answer', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  await openReady(page, '?backend=wasm');
  await page.getByTestId('open-camera').click();
  const preview = page.getByTestId('camera-preview');
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.getByTestId('camera-capture').click();
  await expect(page.getByTestId('photo-name')).toHaveText('camera photo');
  await waitDone(page);
  // Chromium's fake camera shows a test pattern, which is no skin lesion: either answer is a valid end state.
  await expect(page.getByTestId('top-prediction').or(page.getByTestId('out-of-scope')).or(page.getByTestId('clinical-photo'))).toBeVisible();
  await expect(preview).toHaveCount(0);
});

test('closing the camera stops its tracks', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  await page.addInitScript(() => {
    const w = window as unknown as { __tracks: MediaStreamTrack[] };
    w.__tracks = [];
    const orig = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const s = await orig(c);
      w.__tracks.push(...s.getTracks());
      return s;
    };
  });
  await openReady(page, '?backend=wasm');
  await page.getByTestId('open-camera').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.length)).toBeGreaterThan(0);
  await page.getByTestId('camera-close').click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.every((t) => t.readyState === 'ended')))
    .toBe(true);
});

test('a denied camera gets a specific message and the page stays usable', async ({ page }) => {
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await page.goto('/');
  await page.getByTestId('open-camera').click();
  await expect(page.getByTestId('camera-error')).toContainText('Camera access was denied');
  await expect(page.getByTestId('file-input')).toBeAttached();
});
