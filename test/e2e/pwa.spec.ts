/**
 * The installable app: the manifest is linked, served and valid (Chromium's own parser and installability check),
 * its icons are the sizes it claims, the worker carries the build's version, and once installed the app reloads
 * offline with similar cases and a teaching round working although neither view was opened before.
 */
import { expect, test } from '@playwright/test';
import { analyse, hasModel, lesionPhoto, NO_MODEL, openReady } from './helpers';
import { eightLoaded, hasPack, NO_PACK, playRound } from './cases-helpers';

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (b: Buffer): [number, number] => [b.readUInt32BE(16), b.readUInt32BE(20)];

test('the web app manifest is linked, served and valid', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const res = await request.get(href ?? '');
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/application\/(manifest\+)?json/);
  const m = (await res.json()) as {
    name: string;
    short_name: string;
    start_url: string;
    display: string;
    theme_color: string;
    background_color: string;
    icons: { src: string; sizes: string; type: string; purpose: string }[];
  };
  expect(m.name).toContain('SkinLens');
  expect(m.short_name).toBe('SkinLens');
  expect(m.display).toBe('standalone');
  expect(m.start_url).toBe('./');
  expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(await page.locator('meta[name="theme-color"]').getAttribute('content')).toBe(m.theme_color);
  const want = [
    ['192x192', 'any'],
    ['512x512', 'any'],
    ['512x512', 'maskable'],
  ];
  for (const [sizes, purpose] of want) {
    const icon = m.icons.find((i) => i.sizes === sizes && i.purpose.split(' ').includes(purpose ?? ''));
    expect(icon, `${sizes} ${purpose} icon`).toBeTruthy();
    const png = await request.get(new URL(icon?.src ?? '', new URL('/manifest.webmanifest', page.url())).href);
    expect(png.status()).toBe(200);
    const side = Number(sizes?.split('x')[0]);
    expect(pngSize(await png.body())).toEqual([side, side]);
  }
  // Chromium's parser: no errors, and the fields as it reads them.
  const cdp = await page.context().newCDPSession(page);
  const parsed = (await cdp.send('Page.getAppManifest')) as { errors: { message: string }[]; url: string };
  expect(parsed.errors).toEqual([]);
  expect(parsed.url).toBe(new URL('/manifest.webmanifest', page.url()).href);
  // The worker is the build's: its version is precache.json's.
  const sw = await (await request.get('/sw.js')).text();
  const pre = (await (await request.get('/precache.json')).json()) as { version: string; extras: string[] };
  expect(sw).toContain(`const VERSION = '${pre.version}'`);
  expect(pre.extras).toContain('cases/thumbs.webp');
});

test('installed, the app reloads offline with similar cases and a teaching round', async ({ page, context }) => {
  test.skip(!hasModel, NO_MODEL);
  test.skip(!hasPack, NO_PACK);
  test.setTimeout(300_000);
  await openReady(page, '?backend=wasm');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  // Chromium fires appinstalled when the user installs the app from its menu, which a test cannot click.
  await expect(page.getByTestId('offline-cases')).toHaveAttribute('data-state', 'missing');
  await page.evaluate(() => window.dispatchEvent(new Event('appinstalled')));
  await expect(page.getByTestId('offline-cases')).toHaveAttribute('data-state', 'saved', { timeout: 60_000 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('status')).toContainText('ready', { timeout: 120_000 });
  await analyse(page, lesionPhoto());
  await expect(page.getByTestId('top-prediction')).toBeVisible();
  await eightLoaded(page);
  await page.getByTestId('tab-teach').click();
  await playRound(page, false);
  await expect(page.getByTestId('teach-score')).toHaveText(/^You: \d+ of 10 right\. Model: \d+ of 10 right\.$/, { timeout: 60_000 });
  await context.setOffline(false);
});
