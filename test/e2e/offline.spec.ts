/** After one visit the service worker serves the app and the model: a reload with the network cut still works. */
import { expect, test } from '@playwright/test';
import { analyse, hasModel, lesionPhoto, NO_MODEL, openReady } from './helpers';

test('reload offline is served from the cache', async ({ page, context }) => {
  test.skip(!hasModel, NO_MODEL);
  await openReady(page, '?backend=wasm');
  // Wait until the worker has installed (precached) and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('status')).toContainText('ready', { timeout: 120_000 });
  await analyse(page, lesionPhoto());
  await expect(page.getByTestId('top-prediction').or(page.getByTestId('out-of-scope')).or(page.getByTestId('clinical-photo'))).toBeVisible();
  await context.setOffline(false);
});
