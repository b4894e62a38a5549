/**
 * The teaching cases and the similar-case pack offline. Not saved yet: the page says so in plain words (never
 * "Failed to fetch") and loads them by itself once the connection is back. Saved, by "Make available offline" or by
 * itself after the first result (never before it): a reload offline has the teaching round, the similar cases and
 * the model card's similar-case evaluation.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, test, type Page } from '@playwright/test';
import { eightLoaded, hasPack, NO_PACK } from './cases-helpers';
import { analyse, hasModel, lesionPhoto, NO_MODEL, openReady } from './helpers';

/** Waits until the service worker controls the page (it has installed, with the app and the model). */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
}

/** Reloads and waits for the model. */
/**
 * Skips without the model or the case pack; else opens the page on wasm under its service worker, with the test's time
 * limit, and returns the offline-cases notice.
 */
async function openControlled(page: Page, timeout: number): Promise<Locator> {
  test.skip(!hasModel, NO_MODEL);
  test.skip(!hasPack, NO_PACK);
  test.setTimeout(timeout);
  await openReady(page, '?backend=wasm');
  await controlled(page);
  return page.getByTestId('offline-cases');
}

async function reloadReady(page: Page): Promise<void> {
  await page.reload();
  await expect(page.getByTestId('status')).toContainText('ready', { timeout: 120_000 });
}

/** The teaching view works: a case, an answer, the model's answer and eight loaded similar cases. */
async function teachingWorks(page: Page): Promise<void> {
  await page.getByTestId('tab-teach').click();
  await page.getByTestId('teach-choice').first().click();
  await expect(page.getByTestId('teach-model')).toContainText(/The model says/, { timeout: 60_000 });
  await eightLoaded(page);
}

test('not saved and offline: plain words, no "Failed to fetch", and the cases load by themselves once online', async ({ page, context }) => {
  const offline = await openControlled(page, 300_000);
  await expect(offline).toHaveAttribute('data-state', 'missing');
  await expect(offline.getByRole('button', { name: 'Make available offline' })).toBeVisible();

  await context.setOffline(true);
  await reloadReady(page);
  await page.getByTestId('tab-teach').click();
  const teach = page.getByTestId('teach-unavailable');
  await expect(teach).toContainText('The teaching cases are not on this device yet, and it is offline.');
  await expect(teach).toContainText('Connect to the internet and press Try again');
  // Trying again while still offline says the same, calmly.
  await teach.getByRole('button', { name: 'Try again' }).click();
  await expect(teach).toContainText('it is offline');
  await expect(page.locator('body')).not.toContainText(/failed to fetch/i);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await page.getByTestId('tab-analyse').click();
  await analyse(page, lesionPhoto());
  await expect(page.getByTestId('top-prediction')).toBeVisible();
  const similar = page.getByTestId('similar-unavailable');
  await expect(similar).toContainText('The similar cases are not on this device yet, and it is offline.');
  await expect(page.locator('body')).not.toContainText(/failed to fetch/i);
  // The save after the first result cannot work offline, and the footer says so.
  await expect(offline).toHaveAttribute('data-state', 'incomplete', { timeout: 30_000 });
  await expect(offline).toContainText('could not be saved');

  // Back online: the similar cases load without a click; the footer's Try again saves everything.
  await context.setOffline(false);
  await eightLoaded(page);
  await expect(similar).toHaveCount(0);
  await offline.getByRole('button', { name: 'Try again' }).click();
  await expect(offline).toHaveAttribute('data-state', 'saved', { timeout: 60_000 });
  await expect(offline).toContainText('saved on this device');
  await context.setOffline(true);
  await reloadReady(page);
  await expect(page.getByTestId('offline-cases')).toHaveAttribute('data-state', 'saved');
  await teachingWorks(page);
  await page.getByTestId('tab-model-card').click();
  await expect(page.getByTestId('retrieval-table')).toBeVisible();
  await context.setOffline(false);
});

test('the cases are saved by themselves after the first result, not before, and work offline after a reload', async ({ page, context }) => {
  const offline = await openControlled(page, 300_000);
  // Before a result nothing is saved beyond the app and the model.
  await expect(offline).toHaveAttribute('data-state', 'missing');
  await page.waitForTimeout(3_000);
  await expect(offline).toHaveAttribute('data-state', 'missing');
  await analyse(page, lesionPhoto());
  await expect(offline).toHaveAttribute('data-state', 'saved', { timeout: 60_000 });
  await context.setOffline(true);
  await reloadReady(page);
  await teachingWorks(page);
  await context.setOffline(false);
});

test('"Make available offline" saves the cases before any result, and the teaching view opens offline', async ({ page, context }) => {
  const offline = await openControlled(page, 240_000);
  await offline.getByRole('button', { name: 'Make available offline' }).click();
  await expect(offline).toHaveAttribute('data-state', 'saved', { timeout: 60_000 });
  await context.setOffline(true);
  await reloadReady(page);
  await page.getByTestId('tab-teach').click();
  await expect(page.getByTestId('teach-choice').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('teach-unavailable')).toHaveCount(0);
  await context.setOffline(false);
});
