/**
 * The model card's numbers are generated from public/model/metrics.json by training/model_card.py, never typed by
 * hand: docs/model-card.md and README.md's results table must be exactly what it prints now. Needs any python3
 * (the script uses only the standard library); skipped with a printed reason without one.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['--version'], { stdio: 'ignore' }).status === 0);
if (!python) console.log('model card check skipped: no python3 on this machine');

/** What `python3 -m training.model_card <flag>` prints. */
function printed(flag: string): string {
  const run = spawnSync(python!, ['-m', 'training.model_card', flag], { cwd: root, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
}

describe.skipIf(!python)('model card', () => {
  it('docs/model-card.md is what training/model_card.py --markdown prints', () => {
    expect(readFileSync(path.join(root, 'docs/model-card.md'), 'utf8')).toBe(printed('--markdown'));
  });

  it("README.md's results table is what training/model_card.py --summary prints", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = /<!-- results: python3 -m training\.model_card --summary -->\n([\s\S]*?)<!-- end results -->/.exec(readme);
    expect(block, 'README.md has the results block').not.toBeNull();
    expect(block![1]).toBe(printed('--summary'));
  });
});
