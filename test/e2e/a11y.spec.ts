/**
 * Automated accessibility audit (axe-core, WCAG 2.1 A and AA rules) of the page in its main states: ready, a
 * result with its sunburst and saliency map, the map view (and a test image opened from it), teaching and the model
 * card, on a desktop and a phone viewport.
 * Serious and critical violations fail the test; every violation found is printed.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { analyse, hasModel, lesionPhoto, NO_MODEL, openReady } from './helpers';

async function audit(page: Page, state: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of result.violations)
    console.log(
      `${state}: ${v.impact} ${v.id} (${v.nodes.length}): ${v.help} - ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
    );
  console.log(`${state}: ${result.passes.length} rules pass, ${result.violations.length} violated`);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${state}: ${v.id}`);
}

for (const viewport of [
  { width: 1200, height: 900 },
  { width: 360, height: 740 },
]) {
  test(`no serious accessibility violations at ${viewport.width}x${viewport.height}`, async ({ page }) => {
    test.skip(!hasModel, NO_MODEL);
    test.setTimeout(240_000);
    await page.setViewportSize(viewport);
    await openReady(page, '?backend=wasm');
    const problems = await audit(page, 'ready');
    await analyse(page, lesionPhoto());
    await expect(page.getByTestId('top-prediction').or(page.getByTestId('out-of-scope')).or(page.getByTestId('clinical-photo'))).toBeVisible();
    problems.push(...(await audit(page, 'result')));
    // The tab, not the result's map link: a declined photo (out of scope) has no link.
    await page.getByTestId('tab-map').click();
    await expect(page.locator('.map-view svg')).toBeVisible();
    problems.push(...(await audit(page, 'map')));
    await page.locator('circle.map-point').nth(10).click({ force: true });
    await expect(page.getByTestId('case-detail')).toBeVisible();
    problems.push(...(await audit(page, 'map, a test image open')));
    await page.getByTestId('tab-teach').click();
    await expect(page.getByTestId('teach-choice').first()).toBeVisible();
    problems.push(...(await audit(page, 'teaching question')));
    await page.getByTestId('teach-choice').first().click();
    await expect(page.getByTestId('teach-model')).toBeVisible();
    await expect(page.getByTestId('similar-cases').locator('img')).toHaveCount(8);
    problems.push(...(await audit(page, 'teaching answer')));
    await page.getByTestId('tab-model-card').click();
    await expect(page.locator('.model-card-view')).toBeVisible();
    problems.push(...(await audit(page, 'model card')));
    expect(problems).toEqual([]);
  });
}
