/**
 * A first visit downloads only what its first result needs before that result: not the map's embedding, the model
 * card's data, the case pack, the other backends' code or binaries, nor the service worker's copy of the build,
 * which all come after it (src/app/pwa.ts, src/features/similar/load.ts, src/model/backend.ts).
 */
import { expect, type Request, test } from '@playwright/test';
import { analyse, hasModel, lesionPhoto, NO_MODEL, openReady } from './helpers';

test('on wasm, nothing the first result does not need is requested before it', async ({ page, context }) => {
  test.skip(!hasModel, NO_MODEL);
  const requests: Request[] = [];
  context.on('request', (r) => requests.push(r));
  await openReady(page, '?backend=wasm');
  await analyse(page, lesionPhoto());
  await expect(page.getByTestId('top-prediction')).toBeVisible();
  const resultAt = await page.evaluate(() => {
    const mark = performance.getEntriesByName('skinlens: first result', 'mark')[0];
    return mark ? performance.timeOrigin + mark.startTime : null;
  });
  expect(resultAt).not.toBeNull();
  // What the result starts arrives after it: the similar cases (with the map's embedding), then the worker's caching.
  await expect(page.getByTestId('similar-cases').locator('img').first()).toBeVisible({ timeout: 60_000 });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await Promise.all(requests.map((r) => r.response().catch(() => null)));
  const url = (r: Request) => new URL(r.url()).pathname;
  const before = requests.filter((r) => r.timing().startTime < (resultAt as number)).map(url);
  const after = requests.filter((r) => r.timing().startTime >= (resultAt as number)).map(url);
  const later = [/embedding\.json$/, /metrics\.json$/, /^\/cases\//, /tfjs-backend-(webgl|webgpu|cpu)-/, /\/sw\.js$/, /precache\.json$/];
  for (const pattern of later)
    expect(
      before.filter((p) => pattern.test(p)),
      String(pattern),
    ).toEqual([]);
  // One wasm binary: the SIMD one tfjs picks here (threads are off, src/model/backend.ts).
  const binaries = before.filter((p) => p.endsWith('.wasm'));
  expect(binaries).toHaveLength(1);
  expect(binaries[0]).toMatch(/wasm-simd-/);
  expect(before).toContain('/model/weights.bin');
  expect(after.some((p) => p.endsWith('embedding.json'))).toBe(true);
  expect(after.some((p) => p.endsWith('/sw.js'))).toBe(true);
});
