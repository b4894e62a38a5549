#!/usr/bin/env node
// Lints training/'s Python (black --check, flake8; both read pyproject.toml / .flake8) with Debian's python3.
// Skips, saying why, where black or flake8 is not installed (as the e2e tests skip without Chromium); .ci/run
// installs both, so CI always runs it.
import { spawnSync } from 'node:child_process';

const python = process.env.PYTHON ?? '/usr/bin/python3';
const probe = spawnSync(python, ['-c', 'import black, flake8'], { stdio: 'ignore' });
if (probe.status !== 0) {
  console.log(`training lint skipped: ${python} has no black or flake8 (apt-get install black python3-flake8)`);
  process.exit(0);
}
for (const args of [['-m', 'black', '--check', '--quiet', 'training'], ['-m', 'flake8', 'training']]) {
  const r = spawnSync(python, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
