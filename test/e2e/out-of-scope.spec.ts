/**
 * Photos that are not skin lesions are declined: no probabilities are shown. The page must make the same
 * decision as the evaluation (training/evaluate, recorded in public/model/metrics.json) for every photo in
 * ../shared/data/ood_natural: declined ones show the decline, the few the gate lets through (listed in
 * metrics.json as accepted, a known shortfall) show a result.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { hasModel, NO_MODEL, OOD_DIR, openReady, upload, waitDone } from './helpers';

const metrics = JSON.parse(fs.readFileSync(path.resolve('public/model/metrics.json'), 'utf8')) as {
  ood?: { non_lesions_declined?: { accepted?: string[] } };
};
const accepted = new Set(metrics.ood?.non_lesions_declined?.accepted ?? []);

test('natural photos are declined as out of scope, as the evaluation decided', async ({ page }) => {
  test.setTimeout(180_000);
  test.skip(!hasModel, NO_MODEL);
  test.skip(!fs.existsSync(OOD_DIR), `${OOD_DIR} not found`);
  await openReady(page, '?backend=wasm');
  const photos = fs
    .readdirSync(OOD_DIR)
    .filter((f) => f.endsWith('.jpg'))
    .sort();
  let declined = 0;
  for (const name of photos) {
    await upload(page, path.join(OOD_DIR, name));
    await expect(page.getByTestId('photo-name')).toHaveText(name);
    await waitDone(page);
    if (accepted.has(name)) {
      await expect(page.getByTestId('top-prediction'), name).toHaveCount(1);
      continue;
    }
    declined++;
    await expect(page.getByTestId('out-of-scope'), name).toContainText('This does not look like a skin-lesion photo; no result shown');
    await expect(page.getByTestId('probabilities')).toHaveCount(0);
    await expect(page.getByTestId('top-prediction')).toHaveCount(0);
  }
  console.log(`out-of-scope: the page declined ${declined} of ${photos.length} natural photos, as the evaluation did`);
  expect(declined).toBeGreaterThan(0);
});
