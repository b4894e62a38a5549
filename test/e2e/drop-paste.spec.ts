/** Photos also arrive by drag and drop and by paste; the crop square can be dragged with a pointer. */
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { fixture, waitDone } from './helpers';

/** Builds a DataTransfer holding one file, inside the page. */
const transfer = (page: Page, name: string, type: string) =>
  page.evaluateHandle(
    ([b64, n, t]) => {
      const bytes = Uint8Array.from(atob(b64!), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], n!, { type: t }));
      return dt;
    },
    [fs.readFileSync(fixture(name)).toString('base64'), name, type],
  );

test('drop, paste and drag the crop', async ({ page }) => {
  await page.goto('/');
  const dt = await transfer(page, 'lesion.jpg', 'image/jpeg');
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dt });
  await expect(page.getByTestId('photo-name')).toHaveText('lesion.jpg');

  const pasted = await transfer(page, 'lesion-b.png', 'image/png');
  await page.evaluate((d) => window.dispatchEvent(Object.assign(new Event('paste'), { clipboardData: d })), pasted);
  await expect(page.getByTestId('photo-name')).toHaveText('lesion-b.png');
  // Its first result scrolls itself into view when it appears (features/results/bringIntoView.ts): wait for it, so
  // that scroll does not land in the middle of the drags below.
  await waitDone(page);

  // lesion-b.png is square, so the default crop fills it; shrink from a corner, then move the square.
  const sq = page.getByTestId('crop-square');
  await page.setViewportSize({ width: 1200, height: 1400 });
  await sq.scrollIntoViewIfNeeded();
  const box = (await sq.boundingBox())!;
  const se = (await page.locator('.crop-handle-se').boundingBox())!;
  await page.mouse.move(se.x + se.width / 2, se.y + se.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.6, { steps: 5 });
  await page.mouse.up();
  const small = (await sq.boundingBox())!;
  expect(small.width).toBeLessThan(box.width * 0.7);
  expect(Math.abs(small.width - small.height)).toBeLessThan(2);
  await page.mouse.move(small.x + small.width / 2, small.y + small.height / 2);
  await page.mouse.down();
  await page.mouse.move(small.x + small.width / 2 + 40, small.y + small.height / 2 + 30, { steps: 5 });
  await page.mouse.up();
  const moved = (await sq.boundingBox())!;
  expect(moved.x).toBeGreaterThan(small.x + 20);
  expect(moved.y).toBeGreaterThan(small.y + 10);
});
