/**
 * Photos that are not skin lesions are not analysed. The page must make the same decision as the photo-kind gate
 * (training/measure/photo_kind.py, recorded per photo in public/model/photo-kind.json) for every photo in
 * ../shared/data/ood_natural: those recorded as `other` show the decline, `clinical` ones the explanation for photos
 * taken without a dermatoscope, and any recorded as `dermoscopic` (a known shortfall) a result. A model folder
 * without a photo-kind fit falls back to the distance test's list (metrics.json ood.non_lesions_declined.accepted).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { hasModel, NO_MODEL, OOD_DIR, openReady, upload, waitDone } from './helpers';

const metrics = JSON.parse(fs.readFileSync(path.resolve('public/model/metrics.json'), 'utf8')) as {
  ood?: { non_lesions_declined?: { accepted?: string[] } };
};
const kindsFile = path.resolve('public/model/photo-kind.json');
const photoKinds = fs.existsSync(kindsFile)
  ? (JSON.parse(fs.readFileSync(kindsFile, 'utf8')) as { sets?: { key: string; kinds?: Record<string, string> }[] })
  : undefined;
const recorded = photoKinds?.sets?.find((s) => s.key === 'natural')?.kinds;
const accepted = new Set(metrics.ood?.non_lesions_declined?.accepted ?? []);
const expectedKind = (name: string): string => recorded?.[name] ?? (accepted.has(name) ? 'dermoscopic' : 'other');

test('natural photos are declined or explained, as the evaluation decided', async ({ page }) => {
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
    const kind = expectedKind(name);
    if (kind === 'dermoscopic') {
      await expect(page.getByTestId('top-prediction'), name).toHaveCount(1);
      continue;
    }
    await expect(page.getByTestId('probabilities')).toHaveCount(0);
    await expect(page.getByTestId('top-prediction')).toHaveCount(0);
    if (kind === 'clinical') {
      await expect(page.getByTestId('clinical-photo'), name).toBeVisible();
      continue;
    }
    declined++;
    await expect(page.getByTestId('out-of-scope'), name).toContainText('does not look like a photo of a skin spot; no result shown');
    await expect(page.getByTestId('probabilities')).toHaveCount(0);
    await expect(page.getByTestId('top-prediction')).toHaveCount(0);
  }
  console.log(`out-of-scope: the page declined ${declined} of ${photos.length} natural photos, as the evaluation did`);
  expect(declined).toBeGreaterThan(0);
});
