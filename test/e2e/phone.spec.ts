/**
 * The phone layout (360x740): a result is brought into view and takes the focus, the backend details wait behind a
 * disclosure, and no view scrolls the page sideways (the model card's wide tables scroll inside their own boxes).
 */
import { expect, test, type Page } from '@playwright/test';
import { analyse, hasModel, lesionPhoto, NO_MODEL, openReady } from './helpers';

test.use({ viewport: { width: 360, height: 740 } });

/** How far the page itself can scroll sideways, in CSS pixels. */
const sideways = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('at 360x740 the verdict is scrolled into view and focused, and the backend details are folded away', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  await openReady(page, '?backend=wasm');
  // The top of the screen says what matters; the backend and the skipped ones are one tap away.
  await expect(page.getByTestId('backend')).toBeHidden();
  await page.locator('.status-details summary').click();
  await expect(page.getByTestId('backend')).toBeVisible();
  await page.locator('.status-details summary').click();
  await expect(page.getByTestId('backend')).toBeHidden();

  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await analyse(page, lesionPhoto());
  const verdict = page.locator('.verdict');
  await expect(verdict).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('result-outcome')).toBeFocused();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(300);
  expect(await sideways(page)).toBe(0);
});

test('at 360x740 no view scrolls the page sideways; the model card tables scroll in their own boxes', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  await openReady(page, '?backend=wasm');
  await analyse(page, lesionPhoto());
  await page.getByTestId('tab-model-card').click();
  await expect(page.getByTestId('retrieval-table')).toBeVisible();
  await expect(page.locator('.card-confusion')).toBeVisible();
  expect(await sideways(page)).toBe(0);
  // Every table is inside a box no wider than the column; a table wider than its box scrolls there.
  const boxes = await page.locator('.model-card-view table').evaluateAll((tables) =>
    tables.map((t) => {
      const box = t.parentElement as HTMLElement;
      return { box: box.className, boxWidth: box.getBoundingClientRect().width, overflow: getComputedStyle(box).overflowX, column: innerWidth };
    }),
  );
  expect(boxes.length).toBeGreaterThanOrEqual(8);
  for (const b of boxes) {
    expect(b.box).toBe('card-scroll');
    expect(b.overflow).toBe('auto');
    expect(b.boxWidth).toBeLessThanOrEqual(b.column - 20);
  }
  for (const tab of ['tab-map', 'tab-teach', 'tab-analyse']) {
    await page.getByTestId(tab).click();
    await page.waitForTimeout(500);
    expect(await sideways(page), tab).toBe(0);
  }
});
