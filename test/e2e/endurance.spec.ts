/** 200 classify + saliency cycles on two alternating photos: tensor count and backend memory must stay flat. */
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { analyse, fixture, hamImages, hasModel, lesionPhoto, NO_MODEL, openReady } from './helpers';

const CYCLES = Number(process.env.ENDURANCE_CYCLES ?? 200);
const BACKEND = process.env.ENDURANCE_BACKEND ?? 'wasm';

test(`endurance: ${CYCLES} cycles on ${BACKEND} leak nothing`, async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  test.setTimeout(600_000);
  await openReady(page, `?backend=${BACKEND}&test=1`);
  await analyse(page, lesionPhoto());
  const second = hamImages(2)[1];
  await analyse(page, second ?? { name: 'b.png', mimeType: 'image/png', buffer: fs.readFileSync(fixture('lesion-b.png')) });
  type Hook = { cycle(n: number): Promise<{ ms: number; inScope: number }>; memory(): Promise<{ numTensors: number; numBytes: number }>; photos(): number };
  expect(await page.evaluate(() => (window as unknown as { __skinlens: Hook }).__skinlens.photos())).toBe(2);
  // Warm-up cycles let backends fill their caches (compiled programs, texture pools) before we measure.
  await page.evaluate(() => (window as unknown as { __skinlens: Hook }).__skinlens.cycle(4));
  const start = await page.evaluate(() => (window as unknown as { __skinlens: Hook }).__skinlens.memory());
  const run = await page.evaluate((n) => (window as unknown as { __skinlens: Hook }).__skinlens.cycle(n), CYCLES);
  const end = await page.evaluate(() => (window as unknown as { __skinlens: Hook }).__skinlens.memory());
  console.log(
    `endurance ${BACKEND}: ${CYCLES} cycles in ${(run.ms / 1000).toFixed(1)} s (${(run.ms / CYCLES).toFixed(0)} ms each, ${run.inScope} in scope); ` +
      `tensors ${start.numTensors} -> ${end.numTensors}; bytes ${start.numBytes} -> ${end.numBytes}`,
  );
  expect(end.numTensors).toBe(start.numTensors);
  expect(end.numBytes).toBeLessThanOrEqual(start.numBytes * 1.01 + 1024);
  await expect(page.getByTestId('top-prediction').or(page.getByTestId('out-of-scope')).or(page.getByTestId('clinical-photo'))).toBeVisible();
});
