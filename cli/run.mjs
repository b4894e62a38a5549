/**
 * Starts the predict CLI (`npm run predict`) without a TypeScript loader: cli/predict.ts and cli/decode-worker.ts
 * are bundled by esbuild into node_modules/.cache/skinlens-cli/ (packages stay external, read from node_modules) and
 * rebuilt when any source they bundle changed. Under tsx, loading the modules took about 0.9 s of a 2 s start on
 * this 2-core machine, in the main thread and again in every decode thread. Falls back to tsx where the bundle cannot
 * be built or loaded (the run is then slower, not different).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'node_modules', '.cache', 'skinlens-cli');
const stamp = path.join(outdir, 'inputs.json');
const ENTRIES = ['cli/predict.ts', 'cli/decode-worker.ts'];

/**
 * True when the bundle exists, was built from this checkout (two checkouts may share one node_modules through a
 * link), and no file it was built from has changed since the build began.
 */
function isFresh() {
  try {
    const { started, inputs, root: builtFrom } = JSON.parse(readFileSync(stamp, 'utf8'));
    return builtFrom === root && inputs.every((f) => statSync(path.join(root, f)).mtimeMs < started);
  } catch {
    return false;
  }
}

/** Builds into a private folder, then renames each file into place, so that parallel runs never read a half-written bundle. */
async function build() {
  const { build: esbuild } = await import('esbuild');
  const started = Date.now();
  const tmp = `${outdir}.tmp-${process.pid}`;
  try {
    const r = await esbuild({
      absWorkingDir: root,
      entryPoints: ENTRIES,
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      metafile: true,
      logLevel: 'error',
    });
    mkdirSync(outdir, { recursive: true });
    for (const e of ENTRIES) {
      const name = `${path.basename(e, '.ts')}.mjs`;
      renameSync(path.join(tmp, name), path.join(outdir, name));
    }
    const inputs = [...Object.keys(r.metafile.inputs), 'cli/run.mjs', 'package.json', 'tsconfig.json'];
    writeFileSync(path.join(tmp, 'inputs.json'), JSON.stringify({ started, root, inputs }));
    renameSync(path.join(tmp, 'inputs.json'), stamp);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

let predict;
try {
  if (!isFresh()) await build();
  predict = await import(pathToFileURL(path.join(outdir, 'predict.mjs')).href);
} catch (e) {
  if (process.env.SKINLENS_DEBUG) process.stderr.write(`predict: no bundle (${e instanceof Error ? e.message : String(e)}); loading the sources through tsx\n`);
  const { register } = await import('tsx/esm/api');
  register();
  predict = await import(pathToFileURL(path.join(root, 'cli', 'predict.ts')).href);
}
await predict.cli(process.argv.slice(2));
