/** Teaching mode played to the end with the keyboard alone: ten cases, the truth, the model's answer and both scores. */
import { expect, test } from '@playwright/test';
import { hasPack, NO_PACK, playRound } from './cases-helpers';
import { hasModel, NO_MODEL, openReady } from './helpers';

test('a teaching round can be played to the end with the keyboard and shows both scores', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  test.skip(!hasPack, NO_PACK);
  test.setTimeout(240_000);
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'GET') sent.push(`${r.method()} ${r.url()}`);
  });
  await openReady(page, '?backend=wasm');
  await page.getByTestId('tab-teach').focus();
  await page.keyboard.press('Enter');
  await playRound(page);
  const score = page.getByTestId('teach-score');
  await expect(score).toHaveText(/^You: \d+ of 10 right\. Model: \d+ of 10 right\.$/, { timeout: 60_000 });
  await expect(page.locator('.teach-view')).toContainText('HAM10000');
  expect(sent).toEqual([]);
});
