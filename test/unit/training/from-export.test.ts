/**
 * training/from_export.py rebuilds a training checkpoint from the shipped public/model (training/runs is not
 * committed, so a new machine has no checkpoint to continue from). This runs its self-check
 * (training/checks/from_export.py): the rebuilt weights, written back in tfjs layout with the prior correction
 * folded in again, reproduce every shipped weight. Needs ../shared (backbone topology, labels) and python3-torch.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const shared = path.resolve(process.env.SKINLENS_SHARED ?? process.env.SHARED_DIR ?? path.join(root, '..', 'shared'));
const python = '/usr/bin/python3';
const hasData = existsSync(path.join(shared, 'data/ham10000/labels.csv'));
const hasTorch = existsSync(python) && spawnSync(python, ['-c', 'import torch, PIL'], { stdio: 'ignore' }).status === 0;
const reason = !hasData ? `no HAM10000 at ${shared}` : !hasTorch ? `${python} cannot import torch and PIL (apt-get install python3-torch python3-pil)` : '';
if (reason) console.log(`checkpoint-from-export check skipped: ${reason}`);

describe.skipIf(Boolean(reason))('checkpoint rebuilt from the shipped model', () => {
  it('reproduces every shipped weight when exported again', () => {
    const run = spawnSync(python, ['-m', 'training.checks.from_export'], {
      encoding: 'utf8',
      cwd: root,
      env: { ...process.env, SHARED_DIR: shared },
    });
    process.stdout.write(run.stdout);
    expect(run.stderr).not.toMatch(/FAILED/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/from_export check passed/);
  }, 120_000);
});
