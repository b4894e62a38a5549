/**
 * The browser and the CLI give the same probabilities (within 1e-3) for the same image file: a PNG and a JPEG
 * (a HAM10000 photo, 4:2:0 chroma like most cameras' JPEGs; the generated one as well) are classified by
 * the CLI as `npm run predict` starts it (`node cli/run.mjs --format json`, the bundled cli/predict.ts) and by the page (upload, default centred crop), and the seven probabilities
 * and the photo kind (dermoscopic, clinical, other) are compared. The page's are read at full precision through the ?test=1 hook.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { analyse, fixture, hamImages, hasModel, NO_MODEL, openReady } from './helpers';

const TOLERANCE = 1e-3;
const MODEL_DIR = path.resolve('public', 'model');

type PagePrediction = { name: string; probabilities: number[]; photoKind: string };
type Hook = { lastPrediction(): PagePrediction | null };

/** The CLI's probabilities per file, in the model's label order, and its photo kind. */
function cliProbabilities(files: string[], labels: string[]): Map<string, { probabilities: number[]; photoKind: string }> {
  const stdout = execFileSync(process.execPath, ['cli/run.mjs', '--format', 'json', '--threads', '0', '--model', MODEL_DIR, ...files], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = new Map<string, { probabilities: number[]; photoKind: string }>();
  for (const line of stdout.split('\n').filter(Boolean)) {
    const row = JSON.parse(line) as { file: string; probabilities: Record<string, number>; photo_kind: string };
    out.set(path.resolve(row.file), { probabilities: labels.map((l) => row.probabilities[l] ?? Number.NaN), photoKind: row.photo_kind });
  }
  return out;
}

test('the page and the CLI give the same probabilities and photo kind for a PNG and a JPEG', async ({ page }) => {
  test.skip(!hasModel || !fs.existsSync(path.join(MODEL_DIR, 'metadata.json')), NO_MODEL);
  test.setTimeout(300_000);
  const labels = (JSON.parse(fs.readFileSync(path.join(MODEL_DIR, 'metadata.json'), 'utf8')) as { labels: string[] }).labels;

  const ham = hamImages(1)[0];
  if (!ham) console.log('cli-parity: no HAM10000 JPEG under ../shared/data/ham10000/images_200x150; the camera-style (4:2:0) JPEG case is skipped');
  // lesion-rotated.jpg carries EXIF orientation 6: both sides must turn it upright the same way.
  const files = [fixture('lesion-b.png'), fixture('lesion.jpg'), fixture('lesion-rotated.jpg'), ...(ham ? [ham] : [])];
  const cli = cliProbabilities(files, labels);

  await openReady(page, '?test=1');
  const backend = (await page.getByTestId('backend').textContent())?.trim();
  const failures: string[] = [];
  for (const file of files) {
    await analyse(page, file);
    const got = await page.evaluate(() => (window as unknown as { __skinlens: Hook }).__skinlens.lastPrediction());
    expect(got?.name).toBe(path.basename(file));
    const fromPage = got?.probabilities ?? [];
    const cliRow = cli.get(path.resolve(file));
    expect(cliRow, `the CLI gave no row for ${file}`).toBeDefined();
    const fromCli = cliRow?.probabilities;
    if (got?.photoKind !== cliRow?.photoKind)
      failures.push(`${path.basename(file)}: photo kind ${got?.photoKind} in the page, ${cliRow?.photoKind} from the CLI`);
    expect(fromPage).toHaveLength(labels.length);
    const diff = Math.max(...fromPage.map((p, i) => Math.abs(p - (fromCli?.[i] ?? Number.NaN))));
    console.log(`cli-parity (${backend}): ${path.basename(file)} max |page - CLI| = ${diff.toExponential(2)}`);
    if (!(diff <= TOLERANCE))
      failures.push(
        `${path.basename(file)}: ${diff.toExponential(2)} (page ${fromPage.map((p) => p.toFixed(5)).join(' ')}; CLI ${fromCli?.map((p) => p.toFixed(5)).join(' ')})`,
      );
  }
  expect(failures, `probabilities differ by more than ${TOLERANCE}`).toEqual([]);
});
