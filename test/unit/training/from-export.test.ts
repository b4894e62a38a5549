/**
 * training/from_export.py rebuilds a training checkpoint from the shipped public/model (training/runs is not
 * committed, so a new machine has no checkpoint to continue from). This runs its self-check
 * (training/checks/from_export.py): the rebuilt weights, written back in tfjs layout with the prior correction
 * folded in again, reproduce every shipped weight. Needs ../shared (backbone topology, labels) and python3-torch.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingDataOrTorch, shared } from './python-check';

const root = path.resolve(__dirname, '../../..');
const python = '/usr/bin/python3';
const reason = missingDataOrTorch();
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
