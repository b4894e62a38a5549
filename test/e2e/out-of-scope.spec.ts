/** Photos that are not skin lesions are declined: no probabilities are shown. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { hasModel, NO_MODEL, OOD_DIR, openReady, upload, waitDone } from './helpers';

test('natural photos are declined as out of scope', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  test.skip(!fs.existsSync(OOD_DIR), `${OOD_DIR} not found`);
  await openReady(page, '?backend=wasm');
  const photos = ['bird.jpg', 'cityscapes_segmentation.jpg', 'grace_hopper.jpg'].map((f) => path.join(OOD_DIR, f)).filter((f) => fs.existsSync(f));
  for (const p of photos) {
    await upload(page, p);
    await expect(page.getByTestId('photo-name')).toHaveText(path.basename(p));
    await waitDone(page);
    await expect(page.getByTestId('out-of-scope'), path.basename(p)).toContainText('This does not look like a skin-lesion photo; no result shown');
    await expect(page.getByTestId('probabilities')).toHaveCount(0);
    await expect(page.getByTestId('top-prediction')).toHaveCount(0);
  }
  await page.screenshot({ path: path.resolve('docs', 'screenshots', 'out-of-scope.png'), fullPage: true });
});
