#!/usr/bin/env node
/**
 * npm run -s bench [-- --json]   (-s: without it npm prints its own banner on stdout before the JSON)
 *      [-- --backends=wasm,webgl] [-- --no-build] [-- --port=4180]
 *
 * Headless Chromium against the built app (dist/, built if missing) served by a small static server here with the
 * production headers (COOP/COEP, CSP), plus:
 *   /bench/          the harness page (bench/harness/, built by Vite with its own config into bench/.build/) that
 *                    runs the app's own model code (src/model) and the two baselines on one tfjs backend;
 *   /bench-assets/backbone/   ../shared/weights/mobilenet_v2_100_224_qat_uint8_notop (ImageNet MobileNetV2 backbone).
 * Per backend: cold and warm (Cache API) model-ready time, first / warm classify, saliency, tensors and heap, the
 * two baselines, and the real app end to end (page load -> ready -> setInputFiles -> top prediction, bytes served).
 * --json prints exactly one JSON object on stdout; progress goes to stderr. Every run is saved to
 * bench/results/latest.json; --from=FILE re-prints a saved run without measuring.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const DIST = path.join(ROOT, 'dist');
const BUILD = path.join(HERE, '.build');
const SHARED = process.env.SKINLENS_SHARED ?? path.resolve(ROOT, '..', 'shared');
const BACKBONE = path.join(SHARED, 'weights', 'mobilenet_v2_100_224_qat_uint8_notop');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name, dflt) => {
  const a = argv.find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : dflt;
};
const JSON_OUT = flag('json');
const BACKENDS = opt('backends', 'webgpu,webgl,wasm,cpu').split(',').filter(Boolean);
const PORT = Number(opt('port', '4180'));
const log = (...a) => console.error('[bench]', ...a);

/**
 * Runs per measurement: [wanted, at least, time budget ms]. A step stops after `wanted` runs, or once it has done
 * `at least` and spent its budget. cpu gets fewer (a MobileNetV2 forward pass takes seconds there).
 */
const PLAN = {
  default: { classify: [40, 30, 60_000], saliency: [8, 5, 40_000], baseline: [15, 10, 30_000] },
  // A backend whose warm inference takes over SLOW_MS (tfjs cpu; WebGPU on SwiftShader): a few runs only, so a
  // full run stays under ~8 minutes on a 2-core VM. The run counts are in the output.
  slow: { classify: [30, 3, 8_000], saliency: [3, 1, 1], baseline: [3, 1, 1] },
};
const SLOW_MS = 1500;

// ---------- build ----------

function ensureDist() {
  if (fs.existsSync(path.join(DIST, 'index.html')) && fs.existsSync(path.join(DIST, 'model', 'weights.bin'))) return;
  log('dist/ missing: npm run build');
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error('npm run build failed');
}

async function buildHarness() {
  if (flag('no-build') && fs.existsSync(path.join(BUILD, 'index.html'))) return;
  log('building the harness page (vite, bench/harness -> bench/.build)');
  const { build } = await import('vite');
  await build({
    configFile: false,
    root: path.join(HERE, 'harness'),
    base: '/bench/',
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: BUILD, emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 8000, reportCompressedSize: false },
  });
}

// ---------- static server ----------

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
};
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self' blob: data:; " +
  "img-src 'self' blob: data:; media-src 'self' blob: mediastream:; style-src 'self' 'unsafe-inline'; font-src 'self'; " +
  "object-src 'none'; base-uri 'self'; form-action 'none'; manifest-src 'self'; frame-ancestors 'none'";
const HEADERS = {
  'Content-Security-Policy': CSP,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
};

/** Bytes of response bodies served since the last reset, by kind. */
const served = { total: 0, byKind: {}, requests: 0 };
function resetServed() {
  served.total = 0;
  served.byKind = {};
  served.requests = 0;
}
// By URL path. "cases": the similar-cases pack and teaching set (public/cases/), which only the result and teaching
// views load (the result view starts loading it as the first result appears, so some of it may be counted there).
const kindOf = (p) =>
  p.startsWith('/cases/')
    ? 'cases'
    : p.endsWith('.wasm')
      ? 'wasm'
      : p.endsWith('weights.bin')
        ? 'weights'
        : p.endsWith('.js')
          ? 'js'
          : p.endsWith('.json')
            ? 'json'
            : 'other';

function serve() {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const p = decodeURIComponent(u.pathname);
    let file;
    if (p.startsWith('/bench-assets/backbone/')) file = path.join(BACKBONE, path.basename(p));
    else if (p === '/bench' || p.startsWith('/bench/')) file = path.join(BUILD, p.slice('/bench'.length) || '/');
    else file = path.join(DIST, p);
    if (file.endsWith(path.sep) || (fs.existsSync(file) && fs.statSync(file).isDirectory())) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      // SPA fallback for the app, 404 for assets.
      if (!path.extname(p) && !p.startsWith('/bench')) file = path.join(DIST, 'index.html');
      else {
        res.writeHead(404, HEADERS).end('not found');
        return;
      }
    }
    const size = fs.statSync(file).size;
    const hashed = p.startsWith('/assets/') || p.startsWith('/bench/assets/') || p.startsWith('/bench-assets/');
    res.writeHead(200, {
      ...HEADERS,
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    served.requests++;
    const k = kindOf(p);
    fs.createReadStream(file)
      .on('data', (c) => {
        served.total += c.length;
        served.byKind[k] = (served.byKind[k] ?? 0) + c.length;
      })
      .pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(PORT, '127.0.0.1', () => resolve(server));
  });
}

// ---------- stats ----------

const sorted = (a) => [...a].sort((x, y) => x - y);
/** Nearest-rank percentile. */
const pct = (a, q) => (a.length ? sorted(a)[Math.min(a.length - 1, Math.max(0, Math.ceil((q / 100) * a.length) - 1))] : null);
const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
/** A baseline model's timings under `prefix`: p50 and first run (ms), run count and parameter count. */
const baselineFields = (prefix, r) => ({
  [`${prefix}_p50_ms`]: r1(pct(r.times, 50)),
  [`${prefix}_first_ms`]: r1(r.first_ms),
  [`${prefix}_runs`]: r.times.length,
  [`${prefix}_params`]: r.params,
});

// ---------- browser ----------

const ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--enable-precise-memory-info',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
];

async function heap(ctx, page) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return { js_heap_used_bytes: m.JSHeapUsedSize ?? null, js_heap_total_bytes: m.JSHeapTotalSize ?? null };
}

async function benchBackend(browser, base, backend, lesion, out) {
  let plan = PLAN.default;
  const ctx = await browser.newContext();
  try {
    // 1. Cold: empty cache, the app's model code loads, verifies, caches, builds and warms up the model.
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    resetServed();
    await page.goto(`${base}/bench/index.html?auto=1&backend=${backend}`);
    const cold = await page.evaluate(() => window.benchLoad);
    out.bytes_harness_cold = served.total;
    if (cold.error || !cold.load) {
      out.skipped = cold.error ?? `backend ${backend} unavailable (${cold.init?.fallbacks?.join('; ')})`;
      log(backend, 'skipped:', out.skipped);
      return out;
    }
    out.fallbacks = cold.init.fallbacks;
    out.backend_init_ms = r1(cold.init.initMs);
    const c = cold.load;
    Object.assign(out, {
      ready_ms: r1(c.ready_ms),
      ready_cold_fetch_ms: r1(c.fetch_ms),
      build_ms: r1(c.build_ms),
      first_inference_ms: r1(c.first_classify_ms),
      first_saliency_ms: r1(c.first_saliency_ms),
      input_size: c.input_size,
    });
    // Slow or not from a warm inference (the first one includes shader compilation).
    const probe = await page.evaluate(() => window.bench.classifyRuns(1, 1, 0));
    const slow = backend === 'cpu' || probe[0] > SLOW_MS;
    if (slow) plan = PLAN.slow;
    out.plan = slow ? 'slow (few runs)' : 'default';
    log(
      backend,
      `cold ready ${out.ready_ms} ms (fetch ${out.ready_cold_fetch_ms}, build ${out.build_ms}, first classify ${out.first_inference_ms}, first saliency ${out.first_saliency_ms})`,
    );

    // 2. Warm inference and saliency, tensors and heap after them.
    const cl = await page.evaluate((p) => window.bench.classifyRuns(...p), plan.classify);
    Object.assign(out, {
      classify_p50_ms: r1(pct(cl, 50)),
      classify_p95_ms: r1(pct(cl, 95)),
      classify_mean_ms: r1(cl.reduce((s, x) => s + x, 0) / cl.length),
      classify_runs: cl.length,
    });
    log(backend, `classify p50 ${out.classify_p50_ms} p95 ${out.classify_p95_ms} (${cl.length} runs)`);
    const sal = await page.evaluate((p) => window.bench.saliencyRuns(...p), plan.saliency);
    Object.assign(out, { saliency_p50_ms: r1(pct(sal, 50)), saliency_runs: sal.length });
    out.saliency_over_classify = out.classify_p50_ms ? Math.round((out.saliency_p50_ms / out.classify_p50_ms) * 100) / 100 : null;
    log(backend, `saliency p50 ${out.saliency_p50_ms} (${sal.length} runs)`);
    const mem = await page.evaluate(() => window.bench.memory());
    Object.assign(out, { tensors_after_runs: mem.num_tensors, tensor_bytes_after_runs: mem.num_bytes, ...(await heap(ctx, page)) });
    await page.evaluate(() => window.bench.disposeApp());
    out.tensors_after_dispose = (await page.evaluate(() => window.bench.memory())).num_tensors;
    if (errors.length) out.page_errors = errors.slice(0, 3);
    await page.close();

    // 3. Warm: a second page load in the same context (weights from the Cache API, JS from the HTTP cache).
    const page2 = await ctx.newPage();
    resetServed();
    await page2.goto(`${base}/bench/index.html?auto=1&backend=${backend}`);
    const warm = await page2.evaluate(() => window.benchLoad);
    if (warm.load) {
      Object.assign(out, {
        ready_warm_ms: r1(warm.load.ready_ms),
        ready_warm_fetch_ms: r1(warm.load.fetch_ms),
        warm_from_cache: warm.load.from_cache,
        bytes_warm_load: served.total,
      });
      log(backend, `warm ready ${out.ready_warm_ms} ms (from cache: ${out.warm_from_cache}, ${served.total} bytes served)`);
      await page2.evaluate(() => window.bench.disposeApp());
    } else out.ready_warm_error = warm.error ?? 'no load';

    // 4. Baselines on the same backend, same page, same harness.
    const bb = await page2.evaluate((p) => window.bench.backbone(...p), plan.baseline);
    Object.assign(out, baselineFields('baseline_backbone', bb), { baseline_backbone_dtypes: bb.weight_dtypes });
    log(backend, `backbone p50 ${out.baseline_backbone_p50_ms} (${bb.times.length} runs, first ${out.baseline_backbone_first_ms})`);
    out.baseline_backbone_output_shape = bb.output_shape;
    if (!slow) {
      // The same backbone at the app's input side: the like-for-like floor for the app's network.
      const bbs = await page2.evaluate(([p, size]) => window.bench.backbone(...p, size), [plan.baseline, out.input_size]);
      Object.assign(out, { baseline_backbone_app_size_p50_ms: r1(pct(bbs.times, 50)), baseline_backbone_app_size_runs: bbs.times.length });
      log(backend, `backbone at ${out.input_size} p50 ${out.baseline_backbone_app_size_p50_ms} (${bbs.times.length} runs)`);
    }
    const v1 = await page2.evaluate((p) => window.bench.v1(...p), plan.baseline);
    Object.assign(out, baselineFields('baseline_v1', v1));
    log(backend, `v1 p50 ${out.baseline_v1_p50_ms} (${v1.times.length} runs, first ${out.baseline_v1_first_ms})`);
    out.tensors_after_baselines = (await page2.evaluate(() => window.bench.memory())).num_tensors;
    await page2.close();
  } finally {
    await ctx.close();
  }

  // 5. The real app, cold (fresh context, empty caches): page load -> "ready" -> choose a file -> top prediction.
  const ctx2 = await browser.newContext();
  try {
    const page = await ctx2.newPage();
    resetServed();
    const t0 = Date.now();
    await page.goto(`${base}/?backend=${backend}`);
    await page.getByTestId('status').filter({ hasText: /ready/i }).waitFor({ timeout: 240_000 });
    const readyAt = Date.now();
    const nav = await page.evaluate(() => performance.now());
    const bytesReady = served.total;
    const casesReady = served.byKind.cases ?? 0;
    await page.getByTestId('file-input').setInputFiles(lesion);
    const t1 = Date.now();
    await page.getByTestId('top-prediction').waitFor({ state: 'visible', timeout: 240_000 });
    const t2 = Date.now();
    Object.assign(out, {
      app_ready_ms: readyAt - t0,
      app_ready_page_ms: r1(nav),
      file_to_result_ms: t2 - t1,
      bytes_before_ready: bytesReady,
      case_pack_bytes_before_ready: casesReady,
      bytes_before_first_result: served.total,
      bytes_before_first_result_by_kind: { ...served.byKind },
      app_backend_shown:
        (
          await page
            .getByTestId('status')
            .textContent()
            .catch(() => null)
        )
          ?.trim()
          .slice(0, 200) ?? null,
      ...Object.fromEntries(Object.entries(await heap(ctx2, page)).map(([k, v]) => [`app_page_${k}`, v])),
    });
    log(backend, `app: ready ${out.app_ready_ms} ms, file -> top prediction ${out.file_to_result_ms} ms, ${served.total} bytes before first result`);
    await ctx2.close();
    if (out.plan === 'default') {
      // Same, with the service worker blocked: what the page itself needs before the first result (the SW's
      // precache of every file runs in parallel with the model download in the real app).
      const ctx3 = await browser.newContext({ serviceWorkers: 'block' });
      try {
        const p3 = await ctx3.newPage();
        resetServed();
        await p3.goto(`${base}/?backend=${backend}`);
        await p3.getByTestId('status').filter({ hasText: /ready/i }).waitFor({ timeout: 240_000 });
        await p3.getByTestId('file-input').setInputFiles(lesion);
        await p3.getByTestId('top-prediction').waitFor({ state: 'visible', timeout: 240_000 });
        Object.assign(out, { bytes_before_first_result_no_sw: served.total, bytes_before_first_result_no_sw_by_kind: { ...served.byKind } });
        log(backend, `app without service worker: ${served.total} bytes before first result`);
      } finally {
        await ctx3.close();
      }
    }
  } catch (e) {
    out.app_error = String(e).split('\n')[0];
    log(backend, 'app e2e failed:', out.app_error);
  } finally {
    await ctx2.close();
  }
  return out;
}

// ---------- static facts ----------

function appJsGzip() {
  const dir = path.join(DIST, 'assets');
  let gz = 0;
  let raw = 0;
  const files = {};
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const b = fs.readFileSync(path.join(dir, f));
    const g = zlib.gzipSync(b, { level: 9 }).length;
    gz += g;
    raw += b.length;
    files[f] = g;
  }
  return { gz, raw, files };
}

function machine() {
  const cpus = os.cpus();
  return {
    description: `${cpus.length}-core VM (${cpus[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, no GPU: WebGL and WebGPU run on SwiftShader (software)`,
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? null,
    mem_gib: Math.round(os.totalmem() / 2 ** 30),
    loadavg_at_start: os.loadavg().map((x) => Math.round(x * 100) / 100),
    node: process.version,
  };
}

// ---------- report ----------

const TARGETS = (r) => {
  const w = r.backends.wasm ?? {};
  const g = r.backends.webgl ?? {};
  const ratio = (a, b) => (a != null && b ? Math.round((a / b) * 100) / 100 : null);
  const warmReady = Object.values(r.backends)
    .map((b) => b.ready_warm_ms)
    .filter((x) => x != null);
  return [
    { name: 'wasm classify / backbone baseline', value: ratio(w.classify_p50_ms, w.baseline_backbone_p50_ms), target: '<= 1.15', ok: (v) => v <= 1.15 },
    {
      name: 'wasm classify / backbone at the app input size (like for like)',
      value: ratio(w.classify_p50_ms, w.baseline_backbone_app_size_p50_ms),
      target: '<= 1.15',
      ok: (v) => v <= 1.15,
    },
    { name: 'wasm classify / v1 baseline', value: ratio(w.classify_p50_ms, w.baseline_v1_p50_ms), target: '< 1 (faster)', ok: (v) => v < 1 },
    { name: 'saliency / classify (webgl)', value: ratio(g.saliency_p50_ms, g.classify_p50_ms), target: '<= 3', ok: (v) => v <= 3 },
    { name: 'saliency / classify (wasm)', value: ratio(w.saliency_p50_ms, w.classify_p50_ms), target: '<= 5', ok: (v) => v <= 5 },
    { name: 'weights MB', value: Math.round((r.model_bytes / 1e6) * 100) / 100, target: '<= 4 MB', ok: (v) => v <= 4 },
    { name: 'app JS gzip KB', value: Math.round(r.app_js_gzip_bytes / 1000), target: '<= 600 KB', ok: (v) => v <= 600 },
    ...Object.entries(r.backends)
      .filter(([, b]) => b.case_pack_bytes_before_ready != null)
      .map(([k, b]) => ({
        name: `case pack bytes on the first visit before a photo (${k})`,
        value: b.case_pack_bytes_before_ready,
        target: '0',
        ok: (v) => v === 0,
      })),
    { name: 'warm-cache ready ms (best backend)', value: warmReady.length ? Math.min(...warmReady) : null, target: '<= 1500 ms', ok: (v) => v <= 1500 },
    ...Object.entries(r.backends)
      .filter(([, b]) => b.ready_warm_ms != null)
      .map(([k, b]) => ({ name: `warm-cache ready ms (${k})`, value: b.ready_warm_ms, target: '<= 1500 ms', ok: (v) => v <= 1500 })),
  ].map((t) => ({ name: t.name, value: t.value, target: t.target, met: t.value == null ? null : t.ok(t.value) }));
};

function table(r) {
  const bs = Object.keys(r.backends);
  const rows = [
    ['ready, cold (ms)', 'ready_ms'],
    ['ready, warm cache (ms)', 'ready_warm_ms'],
    ['first inference (ms)', 'first_inference_ms'],
    ['first saliency (ms)', 'first_saliency_ms'],
    ['classify p50 (ms)', 'classify_p50_ms'],
    ['classify p95 (ms)', 'classify_p95_ms'],
    ['classify runs', 'classify_runs'],
    ['saliency p50 (ms)', 'saliency_p50_ms'],
    ['saliency runs', 'saliency_runs'],
    ['saliency / classify', 'saliency_over_classify'],
    ['baseline: MobileNetV2 backbone 224 fp32 p50 (ms)', 'baseline_backbone_p50_ms'],
    ['baseline: same backbone at the app input size p50 (ms)', 'baseline_backbone_app_size_p50_ms'],
    ['baseline: MobileNet v1 224 fp32 p50 (ms)', 'baseline_v1_p50_ms'],
    ['baseline runs (backbone / v1)', (b) => (b.baseline_backbone_runs != null ? `${b.baseline_backbone_runs} / ${b.baseline_v1_runs}` : null)],
    ['tensors after runs (model loaded)', 'tensors_after_runs'],
    ['tensors after dispose', 'tensors_after_dispose'],
    ['JS heap used after runs (MB)', (b) => (b.js_heap_used_bytes != null ? (b.js_heap_used_bytes / 1e6).toFixed(1) : null)],
    ['app: page load -> ready, cold (ms)', 'app_ready_ms'],
    ['app: file chosen -> top prediction (ms)', 'file_to_result_ms'],
    ['app: bytes before first result (MB)', (b) => (b.bytes_before_first_result != null ? (b.bytes_before_first_result / 1e6).toFixed(2) : null)],
    [
      'app: same, service worker blocked (MB)',
      (b) => (b.bytes_before_first_result_no_sw != null ? (b.bytes_before_first_result_no_sw / 1e6).toFixed(2) : null),
    ],
  ];
  const cell = (b, k) => {
    if (b.skipped) return 'n/a';
    const v = typeof k === 'function' ? k(b) : b[k];
    return v == null ? '-' : String(v);
  };
  const lines = [`| metric | ${bs.join(' | ')} |`, `|---|${bs.map(() => '---:').join('|')}|`];
  for (const [label, k] of rows) lines.push(`| ${label} | ${bs.map((x) => cell(r.backends[x], k)).join(' | ')} |`);
  return lines.join('\n');
}

function report(r) {
  const out = [];
  out.push(`machine: ${r.machine.description}`);
  out.push(`browser: ${r.browser}; tfjs ${r.tfjs}; WebGL renderer: ${r.webgl_renderer ?? '?'}`);
  out.push(`model: weights ${r.model_bytes} bytes (model folder ${r.model_folder_bytes}); app JS ${r.app_js_bytes} bytes, gzip ${r.app_js_gzip_bytes}`);
  out.push('');
  out.push(table(r));
  for (const [k, b] of Object.entries(r.backends)) if (b.skipped) out.push(`\n${k}: skipped: ${b.skipped}`);
  out.push('\ntargets:');
  for (const t of r.targets) out.push(`  ${t.met == null ? '?   ' : t.met ? 'MET ' : 'MISS'} ${t.name}: ${t.value ?? 'n/a'} (target ${t.target})`);
  out.push(`\nwall time ${Math.round(r.wall_s)} s`);
  return out.join('\n');
}

// ---------- main ----------

async function main() {
  const from = opt('from', null);
  if (from) {
    // Re-print a saved run (bench/results/latest.json) without measuring.
    const r = JSON.parse(fs.readFileSync(from, 'utf8'));
    r.targets = TARGETS(r);
    if (JSON_OUT) process.stdout.write(`${JSON.stringify(r)}\n`);
    else console.log(report(r));
    return;
  }
  const tStart = Date.now();
  ensureDist();
  await buildHarness();
  const server = await serve();
  const base = `http://127.0.0.1:${PORT}`;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const lesionCandidates = [path.join(ROOT, 'test', 'fixtures', 'generated', 'lesion.jpg')];
  const ham = path.join(SHARED, 'data', 'ham10000', 'images_200x150');
  if (fs.existsSync(ham))
    lesionCandidates.unshift(
      ...fs
        .readdirSync(ham)
        .filter((f) => f.endsWith('.jpg'))
        .sort()
        .slice(0, 1)
        .map((f) => path.join(ham, f)),
    );
  const lesion = lesionCandidates.find((f) => fs.existsSync(f));
  const meta = JSON.parse(fs.readFileSync(path.join(DIST, 'model', 'metadata.json'), 'utf8'));
  const modelDir = path.join(DIST, 'model');
  const js = appJsGzip();
  const result = {
    command: `npm run bench -- ${argv.join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: machine(),
    browser: `Chromium ${browser.version()} (headless, ${CHROMIUM})`,
    tfjs: null,
    webgl_renderer: null,
    model_bytes: meta.weights.reduce((s, w) => s + w.bytes, 0),
    model_folder_bytes: fs.readdirSync(modelDir).reduce((s, f) => s + fs.statSync(path.join(modelDir, f)).size, 0),
    model_input: meta.input?.size ?? null,
    app_js_gzip_bytes: js.gz,
    app_js_bytes: js.raw,
    app_js_gzip_by_file: js.files,
    e2e_photo: lesion ? path.relative(ROOT, lesion) : null,
    backends: {},
  };
  try {
    const probe = await browser.newPage();
    await probe.goto(`${base}/bench/index.html`);
    await probe.waitForFunction(() => window.bench);
    Object.assign(
      result,
      await probe.evaluate(() => {
        const gl = document.createElement('canvas').getContext('webgl2');
        const ext = gl?.getExtension('WEBGL_debug_renderer_info');
        return {
          tfjs: window.bench.tfVersion,
          webgl_renderer: gl ? gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) : null,
          navigator_gpu: 'gpu' in navigator,
        };
      }),
    );
    await probe.close();
    for (const b of BACKENDS) {
      const t = Date.now();
      result.backends[b] = { backend: b };
      try {
        await benchBackend(browser, base, b, lesion, result.backends[b]);
      } catch (e) {
        result.backends[b].error = String(e).split('\n')[0];
        log(b, 'failed:', String(e));
      }
      result.backends[b].wall_s = Math.round((Date.now() - t) / 1000);
    }
  } finally {
    await browser.close();
    server.close();
  }
  result.wall_s = (Date.now() - tStart) / 1000;
  result.targets = TARGETS(result);
  fs.mkdirSync(path.join(HERE, 'results'), { recursive: true });
  fs.writeFileSync(path.join(HERE, 'results', 'latest.json'), JSON.stringify(result, null, 2));
  if (JSON_OUT) process.stdout.write(`${JSON.stringify(result)}\n`);
  else console.log(report(result));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
