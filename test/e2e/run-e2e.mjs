#!/usr/bin/env node
// Runs the end-to-end tests: skips (exit 0, with the reason) where Debian's Chromium is missing, else writes the
// generated fixtures, builds once and runs Playwright. Extra arguments go to `playwright test`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`e2e skipped: ${chromium} not found (apt-get install chromium)`);
  process.exit(0);
}
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run('npx', ['tsx', 'test/fixtures/generate.ts']);
if (!process.env.E2E_NO_BUILD) run('npm', ['run', 'build']);
run('npx', ['playwright', 'test', ...process.argv.slice(2)]);
