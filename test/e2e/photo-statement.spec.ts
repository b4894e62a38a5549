/**
 * The person says how the photo was taken (core/photo-decision.ts): for files a remembered choice, "through a
 * dermatoscope / with an ordinary camera / not sure"; for the page's camera a checkbox, "a dermatoscope is attached",
 * off by default. An ordinary-camera photo goes down the clinical path whatever the check says; a dermoscopic photo
 * said to be one is analysed; where the person and the check disagree, the page says so and holds the result back.
 * The photos: the generated skin-photo.jpg (an ordinary camera's photo of skin, which the check also calls clinical)
 * and dermoscopy.jpg (test/fixtures/generate.ts), and where ../shared has them a PAD-UFES-20 smartphone photo and a
 * HAM10000 dermoscopic one. The camera shows dermoscopy.jpg through a canvas stream in place of Chromium's test
 * pattern, which is not skin. Each state is audited with axe (WCAG 2.1 A and AA).
 */
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { analyse, fixture, hamImages, hasModel, lesionPhoto, NO_MODEL, openReady, padTestImages, SHARED, waitDone } from './helpers';

type Decision = { photoKind: string; outcome: string; check: string };
const decision = (page: Page): Promise<Decision | undefined> =>
  page.evaluate(() => (window as unknown as { __skinlens: { lastPrediction(): Decision | null } }).__skinlens.lastPrediction() ?? undefined);

async function seriousViolations(page: Page, state: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  for (const v of result.violations) console.log(`${state}: ${v.impact} ${v.id}: ${v.help}`);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${state}: ${v.id}`);
}

const group = (page: Page) => page.getByRole('group', { name: 'How was the photo taken?' });
const option = (page: Page, name: string) => group(page).getByRole('radio', { name });
const DERMATOSCOPE = 'Through a dermatoscope';
const CAMERA = 'With an ordinary camera (phone, laptop)';
const NOT_SURE = 'Not sure (the page checks)';

/** Prints why the ../shared part of a test does not run. */
const noShared = (what: string[], name: string): void => {
  if (what.length === 0) console.log(`${name}: not found under ${SHARED}; the generated photo alone is tested`);
};

test('a phone photo taken "with an ordinary camera" goes down the clinical path, and the choice is remembered', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  test.setTimeout(240_000);
  await openReady(page, '?backend=wasm&test=1');
  await expect(option(page, NOT_SURE)).toBeChecked();
  await option(page, CAMERA).check();
  const pad = padTestImages(1);
  noShared(pad, 'PAD-UFES-20 photos');
  for (const photo of [fixture('skin-photo.jpg'), ...pad]) {
    await analyse(page, photo);
    expect(await decision(page), photo).toMatchObject({ photoKind: 'clinical', outcome: 'clinical' });
    await expect(page.getByTestId('clinical-photo')).toContainText('A photo taken with an ordinary camera, without a dermatoscope; no result shown.');
    await expect(page.getByTestId('top-prediction')).toHaveCount(0);
    await expect(page.getByTestId('show-anyway')).toBeVisible();
    // Where the check thinks it was taken through a dermatoscope, the page says so.
    const check = (await decision(page))?.check;
    await expect(page.getByTestId('photo-kind-disagreement')).toHaveCount(check === 'dermoscopic' ? 1 : 0);
    if (check === 'dermoscopic')
      await expect(page.getByTestId('photo-kind-disagreement')).toContainText("the page's check thinks it was taken through a dermatoscope");
  }
  await page.reload();
  await expect(page.getByTestId('status')).toContainText('ready', { timeout: 120_000 });
  await expect(option(page, CAMERA)).toBeChecked();
});

test('a dermoscopic photo said to be taken through a dermatoscope is analysed (choice made with the keyboard)', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  test.setTimeout(240_000);
  await openReady(page, '?backend=wasm&test=1');
  // A native radio group: focus goes to the checked option, arrow keys move the choice.
  await option(page, NOT_SURE).focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(option(page, DERMATOSCOPE)).toBeChecked();
  await expect(option(page, DERMATOSCOPE)).toBeFocused();
  const ham = hamImages(1);
  noShared(ham, 'HAM10000 photos');
  for (const photo of [lesionPhoto(), ...ham]) {
    await analyse(page, photo);
    expect(await decision(page), photo).toMatchObject({ photoKind: 'dermoscopic', check: 'dermoscopic' });
    await expect(page.getByTestId('top-prediction')).toBeVisible();
    await expect(page.getByTestId('photo-kind-disagreement')).toHaveCount(0);
    await expect(page.getByTestId('clinical-photo')).toHaveCount(0);
  }
  // Changing the answer decides the shown photo again, without choosing it again.
  await option(page, CAMERA).check();
  await expect(page.getByTestId('clinical-photo')).toBeVisible();
  await expect(page.getByTestId('top-prediction')).toHaveCount(0);
  await expect(page.getByTestId('photo-kind-disagreement')).toBeVisible();
});

for (const viewport of [
  { width: 1200, height: 900 },
  { width: 390, height: 844 },
]) {
  test(`"through a dermatoscope" on an ordinary photo: the disagreement is shown, the safer reading followed (${viewport.width}x${viewport.height})`, async ({
    page,
  }) => {
    test.skip(!hasModel, NO_MODEL);
    test.setTimeout(240_000);
    await page.setViewportSize(viewport);
    await openReady(page, '?backend=wasm&test=1');
    await expect(group(page)).toBeVisible();
    await expect(group(page)).toContainText('A dermatoscope is a lit magnifier');
    const problems = await seriousViolations(page, 'choice');
    await option(page, DERMATOSCOPE).check();
    await analyse(page, fixture('skin-photo.jpg'));
    expect(await decision(page)).toMatchObject({ photoKind: 'clinical', outcome: 'clinical', check: 'clinical' });
    const note = page.getByTestId('photo-kind-disagreement');
    await expect(note).toContainText(
      "You said this photo was taken through a dermatoscope, but the page's check thinks it was taken with an ordinary camera. The page follows the safer reading",
    );
    await expect(page.getByTestId('clinical-photo')).toBeVisible();
    await expect(page.getByTestId('top-prediction')).toHaveCount(0);
    // Nothing runs off the side of a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    problems.push(...(await seriousViolations(page, 'disagreement')));
    expect(problems).toEqual([]);
  });
}

test('the camera path is an ordinary camera until "a dermatoscope is attached" is ticked', async ({ page }) => {
  test.skip(!hasModel, NO_MODEL);
  test.setTimeout(240_000);
  // The camera films the generated dermoscopy photo (drawn on a canvas and streamed) instead of Chromium's test pattern.
  const dataUrl = `data:image/jpeg;base64,${fs.readFileSync(lesionPhoto()).toString('base64')}`;
  await page.addInitScript((src: string) => {
    navigator.mediaDevices.getUserMedia = async () => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const draw = () => c.getContext('2d')?.drawImage(img, 0, 0);
      draw();
      setInterval(draw, 100);
      return c.captureStream(10);
    };
  }, dataUrl);
  await openReady(page, '?backend=wasm&test=1');
  // Whatever the files' choice says, the camera has its own statement.
  await option(page, DERMATOSCOPE).check();
  await page.getByTestId('open-camera').click();
  const box = page.getByRole('checkbox', { name: 'A dermatoscope is attached to the camera' });
  await expect(box).not.toBeChecked();
  await expect(group(page)).toHaveCount(0);
  const preview = page.getByTestId('camera-preview');
  await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 30_000 }).toBeGreaterThan(0);
  const problems = await seriousViolations(page, 'camera');
  await page.getByTestId('camera-capture').click();
  await expect(page.getByTestId('photo-name')).toHaveText('camera photo');
  await waitDone(page);
  expect(await decision(page)).toMatchObject({ photoKind: 'clinical', outcome: 'clinical', check: 'dermoscopic' });
  await expect(page.getByTestId('clinical-photo')).toContainText('A photo taken with an ordinary camera');
  await expect(page.getByTestId('photo-kind-disagreement')).toContainText('The camera is marked as having no dermatoscope attached');
  problems.push(...(await seriousViolations(page, 'camera photo')));
  // Ticked with the keyboard: the same photo is decided again and analysed.
  await box.focus();
  await page.keyboard.press('Space');
  await expect(box).toBeChecked();
  await expect(page.getByTestId('top-prediction')).toBeVisible();
  expect(await decision(page)).toMatchObject({ photoKind: 'dermoscopic', check: 'dermoscopic' });
  await expect(page.getByTestId('photo-kind-disagreement')).toHaveCount(0);
  expect(problems).toEqual([]);
});
