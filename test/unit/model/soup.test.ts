/**
 * training/soup.py's weight arithmetic (uniform average of checkpoints, blend with the starting checkpoint):
 * runs training/check_soup.py on small tensors, no dataset. Needs python3-torch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const python = '/usr/bin/python3';
const hasTorch = existsSync(python) && spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const reason = hasTorch ? '' : `${python} cannot import torch (apt-get install python3-torch)`;
if (reason) console.log(`soup check skipped: ${reason}`);

describe.skipIf(Boolean(reason))('checkpoint soups', () => {
  it('average and blend weights as documented', () => {
    const run = spawnSync(python, [path.join(root, 'training/check_soup.py')], { encoding: 'utf8' });
    process.stdout.write(run.stdout);
    expect(run.stdout).not.toMatch(/FAILED/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/soup check passed/);
  }, 60_000);
});
