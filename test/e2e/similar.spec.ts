/** Similar cases beside a result: eight loaded thumbnails with diagnoses, one opened larger, a sunburst node narrowing them, nothing fetched early. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { eightLoaded, hasPack, NO_PACK } from './cases-helpers';
import { analyse, hasModel, lesionPhoto, NO_MODEL, openReady } from './helpers';

type Node = { id: string; name: string; children?: Node[] };
const taxonomy = (): Node => (JSON.parse(fs.readFileSync(path.resolve('public', 'model', 'taxonomy.json'), 'utf8')) as { root: Node }).root;
const all = (n: Node): Node[] => [n, ...(n.children ?? []).flatMap(all)];
const leafNames = (n: Node): string[] =>
  all(n)
    .filter((c) => !c.children?.length)
    .map((c) => c.name);

test('a photo gets eight similar test cases with diagnoses, and one opens with its model result', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  test.skip(!hasPack, NO_PACK);
  const early: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/cases/')) early.push(r.url());
  });
  await openReady(page, '?backend=wasm');
  // The pack is for the result: nothing of it loads with the page.
  expect(early).toEqual([]);
  await analyse(page, lesionPhoto());
  await expect(page.getByTestId('top-prediction')).toBeVisible();
  const names = leafNames(taxonomy());
  const diagnoses = await eightLoaded(page);
  for (const d of diagnoses) expect(names).toContain(d);
  const panel = page.getByTestId('similar-cases');
  await expect(panel).toContainText('HAM10000');
  await expect(panel).toContainText('CC BY-NC 4.0');
  await expect(panel.locator('.similar-band').first()).toHaveText(/^(very similar|similar|loosely similar)$/);
  await expect(panel.locator('.similar-proof').first()).toHaveText(/^(biopsy-proven|not biopsy-proven)$/);

  await panel.locator('button.similar-case').first().click();
  await expect(page.getByTestId('case-detail')).toBeVisible();
  await expect(page.getByTestId('case-model-result')).toContainText(/The model's result for this photo: .+ \(\d+%\), which is (right|wrong)/);
  await page.getByTestId('case-detail').press('Escape');
  await expect(page.getByTestId('case-detail')).toHaveCount(0);

  // A sunburst node narrows the cases to its diagnoses.
  const malignant = all(taxonomy()).find((n) => n.id === 'malignant');
  if (!malignant) throw new Error('taxonomy.json has no malignant node');
  await page.locator('svg path.sunburst-arc[data-id="malignant"]').press('Enter');
  await expect(panel.locator('h3')).toContainText(malignant.name);
  const narrowed = await eightLoaded(page);
  for (const d of narrowed) expect(leafNames(malignant)).toContain(d);
});
