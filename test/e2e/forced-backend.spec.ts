/**
 * ?backend=webgpu in a browser without WebGPU (Chromium with WebGPU switched off, in the page and in its workers):
 * the page says in plain words that this browser cannot run the model that way, offers the automatic choice instead
 * of a retry that cannot help, and the automatic choice loads the model.
 */
import { expect, test } from '@playwright/test';
import config from '../../playwright.config';
import { hasModel, NO_MODEL } from './helpers';

const launch = config.use?.launchOptions;
test.use({ launchOptions: { ...launch, args: [...(launch?.args ?? []).filter((a) => !/webgpu/i.test(a)), '--disable-blink-features=WebGPU'] } });

test('a forced backend the browser lacks: plain words, the automatic choice, and the model loads', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  await page.goto('/?backend=webgpu&test=1');
  await expect(page.getByTestId('status')).toHaveText(
    'Model not loaded: this browser cannot run it with WebGPU, which the address asks for (?backend=webgpu).',
    { timeout: 120_000 },
  );
  await expect(page.getByTestId('forced-backend')).toContainText('Details: webgpu, which the address asks for, cannot start here');
  await expect(page.getByRole('button', { name: 'Try loading the model again' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Choose automatically' }).click();
  await expect(page).toHaveURL(/\/\?test=1$/);
  await expect(page.getByTestId('status')).toContainText('ready', { timeout: 120_000 });
  await expect(page.getByTestId('forced-backend')).toHaveCount(0);
});
