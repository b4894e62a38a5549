/** The predict CLI as a user runs it (`npm run predict`: a child process, node cli/run.mjs) on generated JPEG and PNG files. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../fixtures/labels';
import { parseArgs, UsageError } from '../../../cli/predict';
import { syntheticPhoto } from '../../../cli/bench-cli';
import { REAL_MODEL_DIR, hasRealModel, makeFixtureModelDir } from '../model/fixture';
import { dermoscopyPixels, encodeJpeg, encodePng, skinPhotoPixels, writeLargeLesionPng } from '../../fixtures/generate';
import { scaledDownNote } from '../../../src/core/decode-limits';
import { DECISION_REASONS, type DecisionReason, type PhotoOutcome } from '../../../src/core/photo-decision';

/** The reasons each outcome comes with (core/photo-decision.ts). */
const REASONS_FOR: Record<PhotoOutcome, DecisionReason[]> = {
  analysed: ['dermoscopic'],
  unsure: ['unlike-training'],
  clinical: ['check-clinical', 'stated-clinical', 'stated-dermoscopic-check-clinical'],
  declined: ['not-skin'],
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tsxCli = path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/cli.mjs');

const bundleStamp = path.join(root, 'node_modules', '.cache', 'skinlens-cli', 'inputs.json');

/** Runs the CLI as `npm run predict` does (the esbuild bundle), or from the TypeScript sources through tsx. */
function predict(args: string[], via: 'bundle' | 'tsx' = 'bundle'): { code: number | null; stdout: string; stderr: string } {
  const entry = via === 'bundle' ? ['cli/run.mjs'] : [tsxCli, 'cli/predict.ts'];
  const r = spawnSync(process.execPath, [...entry, ...args], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function png16(width: number, height: number): Buffer {
  const png = new PNG({ width, height, bitDepth: 16, colorType: 6, inputHasAlpha: true });
  const d = new Uint16Array(width * height * 4);
  for (let i = 0; i < width * height; i++) d.set([40000 + (i % 9000), 20000, 15000 + (i % 300), i % 7 === 0 ? 30000 : 65535], i * 4);
  (png as unknown as { data: Uint16Array }).data = d;
  return PNG.sync.write(png, { bitDepth: 16, colorType: 6, inputHasAlpha: true } as never);
}

function png8Alpha(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  const d = syntheticPhoto(width, height, 5);
  for (let i = 3; i < d.length; i += 4) d[i] = (i >> 2) % width < width / 4 ? 0 : 255;
  png.data = Buffer.from(d);
  return PNG.sync.write(png);
}

describe('predict CLI', () => {
  let dir = '';
  let model = '';
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'skinlens-cli-'));
    model = hasRealModel() ? REAL_MODEL_DIR : makeFixtureModelDir(dir);
    if (!hasRealModel()) console.log('public/model/model.json missing: CLI tests run on the fixture backbone model');
    const imgs = path.join(dir, 'imgs');
    mkdirSync(path.join(imgs, 'sub'), { recursive: true });
    for (const [i, [w, h]] of [
      [600, 450],
      [300, 400],
      [200, 200],
    ].entries()) {
      writeFileSync(
        path.join(imgs, `photo${i}.jpg`),
        jpeg.encode({ width: w as number, height: h as number, data: syntheticPhoto(w as number, h as number, i) }, 85).data,
      );
    }
    writeFileSync(path.join(imgs, 'sub', 'deep16.png'), png16(120, 90));
    writeFileSync(path.join(imgs, 'sub', 'alpha.PNG'), png8Alpha(160, 120));
    writeFileSync(path.join(imgs, 'notes.txt'), 'not an image');
    writeFileSync(path.join(dir, 'corrupt.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]));
    writeFileSync(path.join(dir, 'random.png'), Buffer.from('this is not a png at all'));
    // A generated dermoscopy photo and a generated ordinary-camera photo of skin (test/fixtures/generate.ts).
    mkdirSync(path.join(dir, 'kinds'));
    writeFileSync(path.join(dir, 'kinds', 'dermoscopy.jpg'), encodeJpeg(dermoscopyPixels(600, 450, 1), 600, 450));
    writeFileSync(path.join(dir, 'kinds', 'skin-photo.jpg'), encodeJpeg(skinPhotoPixels(800, 600), 800, 600, 75));
  });

  it('writes the CSV header and one row per image, probabilities summing to 1', () => {
    const r = predict(['--format', 'csv', '--model', model, path.join(dir, 'imgs')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('file,akiec,bcc,bkl,df,mel,nv,vasc,in_scope,photo_kind,top,photo_kind_check,decision,reason');
    expect(lines).toHaveLength(1 + 5);
    // Folders are walked in name order, subfolders included, non-images skipped.
    expect(lines.slice(1).map((l) => path.basename(l.split(',')[0] as string))).toEqual(['photo0.jpg', 'photo1.jpg', 'photo2.jpg', 'alpha.PNG', 'deep16.png']);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      expect(cells).toHaveLength(14);
      const probs = cells.slice(1, 8).map(Number);
      for (const c of cells.slice(1, 8)) expect(c).toMatch(/^\d\.\d{6}$/);
      expect(Math.abs(probs.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
      // photo_kind right after in_scope; in_scope is 1 exactly for dermoscopic photos.
      expect(['dermoscopic', 'clinical', 'other']).toContain(cells[9]);
      expect(cells[8]).toBe(cells[9] === 'dermoscopic' ? '1' : '0');
      // No diagnosis on a declined row, as on the page.
      expect(cells[10]).toBe(cells[12] === 'declined' ? '' : LABELS[probs.indexOf(Math.max(...probs))]);
      // Nothing said (--photo-kind auto): the check decides, so the kind decided is the check's own call.
      expect(cells[11]).toBe(cells[9]);
      expect({ dermoscopic: ['analysed', 'unsure'], clinical: ['clinical'], other: ['declined'] }[cells[9] as string]).toContain(cells[12]);
      expect(REASONS_FOR[cells[12] as PhotoOutcome]).toContain(cells[13]);
    }
  });

  it('reports unreadable files on stderr, processes the rest and exits 1', () => {
    const r = predict([
      '--model',
      model,
      path.join(dir, 'corrupt.jpg'),
      path.join(dir, 'imgs', 'photo0.jpg'),
      path.join(dir, 'random.png'),
      path.join(dir, 'missing.jpg'),
    ]);
    expect(r.code).toBe(1);
    const errs = r.stderr.trim().split('\n');
    expect(errs).toHaveLength(3);
    expect(errs[0]).toContain('corrupt.jpg');
    expect(errs[1]).toContain('random.png');
    expect(errs[2]).toContain('missing.jpg');
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('writes JSON lines with probabilities, in_scope, photo_kind, top and taxonomy nodes', () => {
    const r = predict(['--format', 'json', '--model', model, path.join(dir, 'imgs', 'sub')]);
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(Object.keys(row.probabilities)).toEqual([...LABELS]);
      expect(typeof row.in_scope).toBe('boolean');
      expect(['dermoscopic', 'clinical', 'other']).toContain(row.photo_kind);
      expect(row.in_scope).toBe(row.photo_kind === 'dermoscopic');
      expect(row.photo_kind_check).toBe(row.photo_kind);
      expect(['analysed', 'unsure', 'clinical', 'declined']).toContain(row.decision);
      expect(REASONS_FOR[row.decision as PhotoOutcome]).toContain(row.reason);
      expect(row.top === null).toBe(row.decision === 'declined');
      expect(row.nodes['skin-lesion']).toBeCloseTo(1, 5);
      expect(row.nodes.malignant).toBeCloseTo(row.probabilities.mel + row.probabilities.bcc + row.probabilities.akiec, 6);
    }
  });

  it("--photo-kind says how the photos were taken: an ordinary camera is never analysed, the check's own call is kept", () => {
    const run = (kind?: string) => {
      const r = predict(['--format', 'json', ...(kind ? ['--photo-kind', kind] : []), '--model', model, path.join(dir, 'kinds')]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return new Map(
        r.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { file: string; in_scope: boolean; photo_kind: string; photo_kind_check: string; decision: string })
          .map((row) => [path.basename(row.file), row]),
      );
    };
    const auto = run();
    const clinical = run('clinical');
    const dermoscopic = run('dermoscopic');
    expect([...auto.keys()]).toEqual(['dermoscopy.jpg', 'skin-photo.jpg']);
    for (const [file, a] of auto) {
      const c = clinical.get(file)!;
      const d = dermoscopic.get(file)!;
      // The check reads the photo alone: the same call whatever is said.
      expect(c.photo_kind_check).toBe(a.photo_kind_check);
      expect(d.photo_kind_check).toBe(a.photo_kind_check);
      expect(a.photo_kind).toBe(a.photo_kind_check);
      // Ordinary camera: clinical unless not skin at all. Dermatoscope: the safer of the two readings.
      expect(c).toMatchObject(
        a.photo_kind_check === 'other' ? { photo_kind: 'other', decision: 'declined' } : { photo_kind: 'clinical', decision: 'clinical' },
      );
      expect(c.in_scope).toBe(false);
      expect(d.photo_kind).toBe(a.photo_kind_check);
      expect(d.decision).toBe(a.decision);
    }
    if (!hasRealModel()) return console.log('fixture model: its photo-kind calls are arbitrary, so the generated photos are not checked by name');
    expect(auto.get('dermoscopy.jpg')).toMatchObject({ photo_kind: 'dermoscopic', decision: 'analysed', in_scope: true });
    expect(clinical.get('dermoscopy.jpg')).toMatchObject({ photo_kind: 'clinical', photo_kind_check: 'dermoscopic', decision: 'clinical' });
    expect(dermoscopic.get('skin-photo.jpg')).toMatchObject({ photo_kind: 'clinical', photo_kind_check: 'clinical', decision: 'clinical' });
  });

  it('scales a 108-megapixel PNG down as the page does (same size, same note), says "empty file", and writes no top on a declined row', async () => {
    const edge = path.join(dir, 'edge');
    mkdirSync(edge);
    // Generated here, row by row (7 MB on disk, never a 432 MB bitmap): not committed.
    await writeLargeLesionPng(path.join(edge, 'huge-108mp.png'), 12000, 9000);
    writeFileSync(path.join(edge, 'empty.jpg'), '');
    writeFileSync(path.join(edge, 'tiny-1x1.png'), encodePng(new Uint8Array([200, 150, 130, 255]), 1, 1));
    const r = predict(['--format', 'csv', '--model', model, edge]);
    // The empty file is the one failure; the others are rows.
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').sort()).toEqual(
      [
        `predict: ${path.join(edge, 'empty.jpg')}: empty file (0 bytes)`,
        // The page's words for the same photo (core/decode-limits scaledDownNote).
        `predict: ${path.join(edge, 'huge-108mp.png')}: ${scaledDownNote(12000, 9000, 2048, 1536)}`,
      ].sort(),
    );
    expect(r.stderr).toContain('This 108-megapixel photo was scaled down to 2048 x 1536 to save memory.');
    const [header, ...rows] = r.stdout.trim().split('\n');
    const col = (name: string) => (header ?? '').split(',').indexOf(name);
    const byFile = new Map(rows.map((l) => [path.basename(l.split(',')[0] ?? ''), l.split(',')]));
    expect([...byFile.keys()]).toEqual(['huge-108mp.png', 'tiny-1x1.png']);
    for (const [file, cells] of byFile) {
      const decision = cells[col('decision')] as PhotoOutcome;
      expect(REASONS_FOR[decision], file).toContain(cells[col('reason')]);
      expect(cells[col('top')] === '', file).toBe(decision === 'declined');
    }
    if (!hasRealModel()) return console.log('fixture model: its decisions are arbitrary, so the 1x1 PNG is not checked for a decline');
    // A 1x1 PNG is not a photo of skin: declined, with no diagnosis (it used to get "vasc").
    expect(byFile.get('tiny-1x1.png')?.slice(col('in_scope'))).toEqual(['0', 'other', '', 'other', 'declined', 'not-skin']);
  });

  it('--photo-kind takes only auto, dermoscopic or clinical, and says so in one line', () => {
    for (const bad of ['derm', 'other', 'AUTO']) {
      const r = predict(['--photo-kind', bad, path.join(dir, 'kinds')]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(`predict: --photo-kind must be auto, dermoscopic or clinical, got ${bad}`);
    }
    expect(predict(['--photo-kind']).stderr).toMatch(/^predict: --photo-kind needs a value/);
    const help = predict(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--photo-kind auto\|dermoscopic\|clinical/);
    expect(help.stdout).toMatch(/photo_kind_check/);
    expect(help.stdout).toContain(`reason (why: ${DECISION_REASONS.join(', ')})`);
  });

  it('exits 2 with a message on usage errors', () => {
    for (const args of [[], ['--format', 'xml', 'a.jpg'], ['--bogus', 'a.jpg'], ['--model', path.join(dir, 'no-model'), path.join(dir, 'imgs')]]) {
      const r = predict(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/predict: /);
    }
  });

  it('gives the same rows from the bundle (rebuilt when its stamp is gone) as from the sources', () => {
    rmSync(bundleStamp, { force: true });
    const args = ['--format', 'json', '--model', model, path.join(dir, 'imgs')];
    const bundled = predict(args);
    expect(existsSync(bundleStamp)).toBe(true);
    const fromSources = predict(args, 'tsx');
    expect(bundled.code).toBe(0);
    expect(bundled.stdout.trim().split('\n')).toHaveLength(5);
    expect(bundled.stdout).toBe(fromSources.stdout);
  });

  it('rebuilds a bundle that another checkout sharing node_modules built, however new', () => {
    predict(['--model', model, path.join(dir, 'imgs', 'photo0.jpg')]);
    const built = JSON.parse(readFileSync(bundleStamp, 'utf8'));
    expect(built.root).toBe(root);
    writeFileSync(bundleStamp, JSON.stringify({ ...built, root: '/another/checkout', started: Date.now() + 3_600_000 }));
    expect(predict(['--model', model, path.join(dir, 'imgs', 'photo0.jpg')]).code).toBe(0);
    expect(JSON.parse(readFileSync(bundleStamp, 'utf8')).root).toBe(root);
  });

  it('stops quietly with exit code 0 when its reader goes away (`| head -1`)', async () => {
    // --batch 1: the header goes out before the first image is classified, so every row is written after the pipe closed.
    const child = spawn(process.execPath, ['cli/run.mjs', '--batch', '1', '--model', model, path.join(dir, 'imgs')], { cwd: root });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('parses arguments', () => {
    expect(parseArgs(['--format=json', '--batch', '4', 'x'])).toMatchObject({ format: 'json', batch: 4, inputs: ['x'], photoKind: 'auto' });
    expect(parseArgs(['--photo-kind=clinical', 'x'])).toMatchObject({ photoKind: 'clinical' });
    expect(parseArgs(['--photo-kind', 'dermoscopic', 'x'])).toMatchObject({ photoKind: 'dermoscopic' });
    expect(() => parseArgs(['--photo-kind', 'phone', 'x'])).toThrow(/--photo-kind must be auto, dermoscopic or clinical, got phone/);
    expect(() => parseArgs(['--batch', '0', 'x'])).toThrow(UsageError);
    expect(parseArgs(['--help'])).toBe('help');
  });
});
