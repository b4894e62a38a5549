/** e2e helpers for the similar cases and teaching mode. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/** Whether training/similar_cases.py has written public/cases/. */
export const hasPack = fs.existsSync(path.resolve('public', 'cases', 'index.json')) && fs.existsSync(path.resolve('public', 'cases', 'teach.json'));
export const NO_PACK = 'public/cases/ is missing (run python3 -m training.similar_cases)';

/** Waits until the panel shows eight thumbnails that have loaded, and returns their diagnoses. */
export async function eightLoaded(page: Page): Promise<string[]> {
  const panel = page.getByTestId('similar-cases');
  await expect(panel.locator('img')).toHaveCount(8, { timeout: 60_000 });
  await expect
    .poll(
      () => panel.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0).length),
      {
        timeout: 30_000,
      },
    )
    .toBe(8);
  const diagnoses = await panel.getByTestId('similar-diagnosis').allTextContents();
  expect(diagnoses).toHaveLength(8);
  return diagnoses;
}

/** Plays one round from the keyboard: Tab to the first answer, Enter, then Enter on "next" (which takes the focus). */
export async function playRound(page: Page, checkReveal = true): Promise<void> {
  await expect(page.getByTestId('teach-choice').first()).toBeVisible({ timeout: 60_000 });
  for (let i = 1; i <= 10; i++) {
    await expect(page.locator('.teach-case h3')).toHaveText(`Case ${i} of 10`);
    await expect(page.locator('.teach-case h3')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('teach-choice').first()).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('teach-reveal')).toBeVisible();
    await expect(page.getByTestId('teach-truth')).not.toBeEmpty();
    if (checkReveal && i === 1) {
      await expect(page.getByTestId('teach-model')).toContainText(/The model says .+ \(\d+%\), (right|wrong)/, { timeout: 60_000 });
      await expect(page.locator('canvas.saliency-overlay')).toHaveAttribute('aria-label', /Heatmap of the pixels/, { timeout: 60_000 });
      await expect(page.getByTestId('similar-cases').locator('img')).toHaveCount(8, { timeout: 60_000 });
    }
    await expect(page.getByTestId('teach-next')).toBeFocused();
    await page.keyboard.press('Enter');
  }
  await expect(page.getByText('Round over')).toBeFocused();
}
