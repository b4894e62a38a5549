/**
 * The training augmentation (training/data.py Augmenter) is batched so that it can run on a GPU: this runs its
 * self-check (training/check_augment.py, synthetic images, no dataset): views made in a batch equal the same views
 * made one at a time, the same seed repeats, values stay in the input range, every branch is drawn. Needs python3-torch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const python = '/usr/bin/python3';
const hasTorch = existsSync(python) && spawnSync(python, ['-c', 'import torch, PIL'], { stdio: 'ignore' }).status === 0;
const reason = hasTorch ? '' : `${python} cannot import torch and PIL (apt-get install python3-torch python3-pil)`;
if (reason) console.log(`augmentation check skipped: ${reason}`);

describe.skipIf(Boolean(reason))('training augmentation', () => {
  it('batched views equal single views, repeat with the seed, stay in range', () => {
    const run = spawnSync(python, [path.join(root, 'training/check_augment.py')], { encoding: 'utf8' });
    process.stdout.write(run.stdout);
    expect(run.stderr).not.toMatch(/FAILED/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/augmentation check passed/);
  }, 60_000);
});
