/**
 * The training package's self-checks (training/checks/*.py: synthetic inputs, no dataset) run from vitest with
 * Debian's python3 as `python3 -m training.checks.<name>` from the repository root, skipped with a printed reason
 * where it cannot import what they need.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const python = '/usr/bin/python3';

/** ../shared (or $SKINLENS_SHARED / $SHARED_DIR): the data and backbone that the dataset checks read. */
export const shared = path.resolve(process.env.SKINLENS_SHARED ?? process.env.SHARED_DIR ?? path.join(root, '..', 'shared'));

/** Why the check cannot run here ('' when it can): python3 missing or lacking one of the modules. */
function missingPython(modules: string[], install: string): string {
  const ok = existsSync(python) && spawnSync(python, ['-c', `import ${modules.join(', ')}`], { stdio: 'ignore' }).status === 0;
  return ok ? '' : `${python} cannot import ${modules.join(' and ')} (apt-get install ${install})`;
}

/** Why a check on HAM10000 with PyTorch cannot run here ('' when it can): no data at `shared`, or no torch and PIL. */
export function missingDataOrTorch(): string {
  if (!existsSync(path.join(shared, 'data/ham10000/labels.csv'))) return `no HAM10000 at ${shared}`;
  return missingPython(['torch', 'PIL'], 'python3-torch python3-pil');
}

/** Runs `python3 -m <module>`, echoes its output, and expects it to exit 0 with `passed` and no FAILED line. */
function expectCheckPasses(module: string, passed: RegExp): void {
  const run = spawnSync(python, ['-m', module], { encoding: 'utf8', cwd: root });
  process.stdout.write(run.stdout);
  expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/FAILED/);
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(passed);
}

/**
 * One vitest suite `suite` with one test `test` that runs the Python module `module` (e.g. training.checks.soup)
 * and expects `passed`, skipped with a
 * printed reason where python3 cannot import `modules` (`install`: the Debian packages that provide them).
 */
export function describePythonCheck(suite: string, test: string, module: string, passed: RegExp, modules: string[], install: string): void {
  const reason = missingPython(modules, install);
  if (reason) console.log(`${suite} check skipped: ${reason}`);
  describe.skipIf(Boolean(reason))(suite, () => {
    it(test, () => expectCheckPasses(module, passed), 60_000);
  });
}
