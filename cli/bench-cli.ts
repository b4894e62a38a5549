/**
 * Measures the CLI's rate: writes 60 generated 600x450 JPEGs (the HAM10000 photo size) to a temp folder and
 * runs predict over the folder as `npm run predict` does (a child process `node cli/run.mjs`: Node's start, module
 * loading and model load all counted), or with --in-process, main() alone in this process (model load counted).
 *   npx tsx cli/bench-cli.ts [--model DIR] [--batch N] [--backend B] [--n 60] [--in-process]
 * Without public/model it uses the test fixture (shared MobileNetV2 backbone at 160 px, same cost).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { REAL_MODEL_DIR, hasRealModel, makeFixtureModelDir, seeded } from '../test/unit/model/fixture';
import { main } from './predict';

/** A smooth random colour field with a dark blob: JPEG-compressible like a photo, not like noise. */
export function syntheticPhoto(width: number, height: number, seed: number): Uint8Array {
  const r = seeded(seed);
  const [cx, cy, rad] = [width * (0.3 + 0.4 * r()), height * (0.3 + 0.4 * r()), Math.min(width, height) * (0.1 + 0.2 * r())];
  const base = [180 + 60 * r(), 120 + 60 * r(), 100 + 60 * r()];
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.hypot(x - cx, y - cy) / rad;
      const dark = d < 1 ? 0.45 + 0.3 * d : 1;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) data[o + c] = Math.max(0, Math.min(255, (base[c] ?? 0) * dark + 8 * Math.sin((x + y * (c + 1)) / 17)));
      data[o + 3] = 255;
    }
  }
  return data;
}

async function run(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const n = Number(opt('--n') ?? 60);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'skinlens-bench-'));
  const model = opt('--model') ?? (hasRealModel() ? REAL_MODEL_DIR : makeFixtureModelDir(dir));
  const imgs = path.join(dir, 'images');
  (await import('node:fs')).mkdirSync(imgs);
  for (let i = 0; i < n; i++) {
    const enc = jpeg.encode({ width: 600, height: 450, data: syntheticPhoto(600, 450, i) }, 90);
    writeFileSync(path.join(imgs, `img${String(i).padStart(3, '0')}.jpg`), enc.data);
  }
  const args = [
    '--model',
    model,
    ...(opt('--batch') ? ['--batch', opt('--batch') as string] : []),
    ...(opt('--backend') ? ['--backend', opt('--backend') as string] : []),
    imgs,
  ];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let code: number | null;
  let rows = 0;
  let how: string;
  if (argv.includes('--in-process')) {
    code = await main(
      args,
      (s) => (rows += s.split('\n').filter(Boolean).length),
      (s) => process.stderr.write(s),
    );
    const cpu = process.cpuUsage(cpu0);
    // CPU seconds (all threads) tell what the run costs when other processes compete for the cores.
    const cpuS = (cpu.user + cpu.system) / 1e6;
    how = `in-process, model load included; ${cpuS.toFixed(2)} CPU s (${((cpuS * 1000) / n).toFixed(0)} CPU ms/image)`;
  } else {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
    const r = spawnSync(process.execPath, [path.join(root, 'cli', 'run.mjs'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.stderr) process.stderr.write(r.stderr);
    code = r.status;
    rows = r.stdout.split('\n').filter(Boolean).length;
    how = 'node cli/run.mjs: process start, module and model load included';
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`exit ${code}, ${rows - 1} rows, ${n} images in ${s.toFixed(2)} s wall (${how}): ${(n / s).toFixed(1)} images/s; model ${model}`);
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void run();
