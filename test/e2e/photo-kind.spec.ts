/**
 * The three kinds of photo in the page (core/photo-kind.ts): a dermoscopic lesion photo is analysed; a photo that is
 * not of skin is declined; a photo of skin taken without a dermatoscope is explained with its result held back, and
 * "show the model's guess anyway" shows it with a warning banner on the result, sunburst, saliency and map views.
 * Generated fixtures (test/fixtures/generate.ts): skin-photo.jpg (skin lit from one side, a small spot, glare) and
 * not-skin.png (boxes and balls on a checked cloth); the dermoscopic case is the generated dermoscopy.jpg (skin
 * texture, a pigmented lesion with a network, hairs, a dermatoscope's dark rim), and a HAM10000 photo from ../shared
 * as well where it is present. Each view with the clinical notice or its banners is also audited with axe.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { analyse, fixture, hamImages, hasModel, heatmapPixels, lesionPhoto, NO_MODEL, openReady } from './helpers';

type Hook = { lastPrediction(): { photoKind: string } | null };
const kindShown = (page: Page) => page.evaluate(() => (window as unknown as { __skinlens: Hook }).__skinlens.lastPrediction()?.photoKind);

async function seriousViolations(page: Page, state: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of result.violations) console.log(`${state}: ${v.impact} ${v.id}: ${v.help}`);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${state}: ${v.id}`);
}

test('a dermoscopic lesion photo is analysed, with no warning banner', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  await openReady(page, '?backend=wasm&test=1');
  for (const photo of [lesionPhoto(), ...hamImages(1)]) {
    await analyse(page, photo);
    expect(await kindShown(page), photo).toBe('dermoscopic');
    await expect(page.getByTestId('top-prediction')).toBeVisible();
    await expect(page.getByTestId('probabilities').locator('li')).toHaveCount(7);
    await expect(page.getByTestId('clinical-photo')).toHaveCount(0);
    await expect(page.getByTestId('out-of-scope')).toHaveCount(0);
    await expect(page.locator('[data-testid^="clinical-banner"]')).toHaveCount(0);
  }
});

test('a photo that is not of skin is declined, with no way to show a guess', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  await openReady(page, '?backend=wasm&test=1');
  await analyse(page, fixture('not-skin.png'));
  expect(await kindShown(page)).toBe('other');
  await expect(page.getByTestId('out-of-scope')).toContainText('does not look like a photo of a skin spot; no result shown');
  await expect(page.getByTestId('top-prediction')).toHaveCount(0);
  await expect(page.getByTestId('show-anyway')).toHaveCount(0);
});

for (const viewport of [
  { width: 1200, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`a photo taken without a dermatoscope is explained; "show anyway" warns on every view (${viewport.width}x${viewport.height})`, async ({ page }) => {
    test.skip(!hasModel, NO_MODEL);
    test.setTimeout(240_000);
    await page.setViewportSize(viewport);
    await openReady(page, '?backend=wasm&test=1');
    await analyse(page, fixture('skin-photo.jpg'));
    expect(await kindShown(page)).toBe('clinical');
    const notice = page.getByTestId('clinical-photo');
    await expect(notice).toContainText('trained only on dermatoscope images');
    await expect(notice).toContainText('clip-on dermatoscope');
    await expect(notice).toContainText('show the spot to a doctor');
    await expect(page.getByTestId('abcde').locator('li')).toHaveCount(5);
    await expect(page.getByTestId('top-prediction')).toHaveCount(0);
    await expect(page.getByTestId('out-of-scope')).toHaveCount(0);
    const problems = await seriousViolations(page, 'clinical notice');

    // The secondary button works from the keyboard.
    const button = page.getByRole('button', { name: "Show the model's guess anyway (for teaching, unreliable for this kind of photo)" });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('top-prediction')).toBeVisible();
    await expect(page.getByTestId('unsure-why')).toContainText('taken without a dermatoscope');
    // Never reassuring on a photo the model cannot judge: at least a doctor or nurse.
    await expect(page.getByTestId('next-step')).not.toContainText('Keep an eye on it');
    await expect(notice).toHaveCount(0);
    for (const view of ['result', 'sunburst', 'saliency']) await expect(page.getByTestId(`clinical-banner-${view}`)).toBeVisible();
    expect(await page.locator('svg path.sunburst-arc').count()).toBeGreaterThan(7);
    expect(await heatmapPixels(page)).toBeGreaterThan(500);
    problems.push(...(await seriousViolations(page, 'clinical result')));

    await page.getByTestId('tab-map').click();
    await expect(page.locator('.map-view svg')).toBeVisible();
    await expect(page.getByTestId('clinical-banner-map')).toBeVisible();
    problems.push(...(await seriousViolations(page, 'clinical map')));
    expect(problems).toEqual([]);
  });
}
