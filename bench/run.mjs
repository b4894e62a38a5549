#!/usr/bin/env node
/**
 * npm run -s bench [-- --json]   (-s: without it npm prints its own banner on stdout before the JSON)
 *      [-- --backends=wasm,webgl] [-- --no-build] [-- --port=4180] [-- --warm-visits=5] [-- --dist=DIR] [-- --from=FILE]
 *
 * Headless Chromium against the built app (dist/, rebuilt when missing or older than the sources) served the way a
 * static host serves it: text and wasm compressed (the build's precompressed .br / .gz copies, chosen by
 * Accept-Encoding; anything compressible without a copy is compressed here), ETag revalidation (304), immutable
 * caching of the hashed assets. Every response is logged with its arrival time, its kind and the bytes sent, so the
 * bytes are what crossed the wire. Also served:
 *   /bench/          the harness page (bench/harness/, built by Vite with its own config into bench/.build/) that
 *                    runs the app's own model engine (src/model) and the baselines on one tfjs backend;
 *   /bench-assets/backbone/   ../shared/weights/mobilenet_v2_100_224_qat_uint8_notop (ImageNet MobileNetV2 backbone).
 * Per backend: the real app (first visit: page load -> ready -> a photo -> its result, bytes before that result and
 * after it; then the page reopened N times with the model cached, ready and where its time went), and the engine in
 * the harness (ready, background warm-up, classify, saliency and the baselines in interleaved rounds, tensors).
 * How to read each figure: bench/README.md. --json prints exactly one JSON object on stdout; progress goes to
 * stderr. Every run is saved to bench/results/latest.json; --from=FILE re-prints a saved run without measuring.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
/** The build to measure: dist/, or another one (--dist=DIR, e.g. main's, for a before and after). */
const DIST_OPT = process.argv.find((x) => x.startsWith('--dist='))?.slice('--dist='.length);
const DIST = DIST_OPT ? path.resolve(DIST_OPT) : path.join(ROOT, 'dist');
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
const WARM_VISITS = Number(opt('warm-visits', '5'));
const log = (...a) => console.error('[bench]', ...a);

/**
 * Interleaved rounds of the harness's measurements: [wanted, at least, time budget ms]. Rounds stop after `wanted`,
 * or once `at least` are done and the budget is spent. A backend whose warm classify takes over SLOW_MS (tfjs cpu;
 * WebGL and WebGPU on SwiftShader) gets a few rounds only, so a run stays under ~10 minutes on a 2-core VM; the
 * counts are in the output.
 */
const PLAN = { default: [25, 10, 45_000], slow: [3, 1, 1] };
const SLOW_MS = 1500;

// ---------- build ----------

/** Newest modification time under the app's sources (what dist/ is built from). */
function newestSource() {
  let newest = 0;
  const visit = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of ['src', 'public', 'index.html', 'vite.config.ts', 'package.json']) if (fs.existsSync(path.join(ROOT, p))) visit(path.join(ROOT, p));
  return newest;
}

function ensureDist() {
  if (DIST_OPT) return;
  const index = path.join(DIST, 'index.html');
  const built = fs.existsSync(index) && fs.existsSync(path.join(DIST, 'model', 'weights.bin')) ? fs.statSync(index).mtimeMs : 0;
  if (built && built >= newestSource()) return;
  log(built ? 'dist/ is older than the sources: npm run build' : 'dist/ missing: npm run build');
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
  '.txt': 'text/plain',
};
/** What a static host compresses: text, and wasm (Cloudflare, Netlify and nginx setups with wasm in gzip_types do). */
const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|webmanifest|wasm|txt|map)$/;
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

/** By URL path: what a byte was spent on. */
const kindOf = (p) => {
  if (p.startsWith('/cases/')) return 'cases';
  if (/\/model\/[^/]+\.bin$/.test(p)) return 'weights';
  if (p.endsWith('.wasm')) return 'wasm';
  if (p.endsWith('.js') || p.endsWith('.mjs')) return 'js';
  if (p.endsWith('.css')) return 'css';
  if (p.endsWith('.json')) return 'json';
  if (p.endsWith('.html') || !path.extname(p)) return 'html';
  return 'other';
};

/** Every response: arrival time (epoch ms), path, kind, status, encoding, body bytes sent. */
const requests = [];
/**
 * Compressed copies made here for files the build did not precompress (the harness), by file and mtime, at the levels
 * servers use on the fly (brotli 5, gzip 6; the build's copies are brotli 11 and gzip 9).
 */
const compressedHere = new Map();

function encoded(file, accept) {
  if (!COMPRESSIBLE.test(file)) return { file, encoding: null };
  const wants = (e) => new RegExp(`\\b${e}\\b`).test(accept);
  for (const [encoding, ext] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ]) {
    if (!wants(encoding)) continue;
    if (fs.existsSync(file + ext)) return { file: file + ext, encoding };
    const st = fs.statSync(file);
    const key = `${file}|${st.mtimeMs}|${encoding}`;
    if (!compressedHere.has(key)) {
      const data = fs.readFileSync(file);
      compressedHere.set(
        key,
        encoding === 'br'
          ? zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } })
          : zlib.gzipSync(data, { level: 6 }),
      );
    }
    return { data: compressedHere.get(key), encoding };
  }
  return { file, encoding: null };
}

function serve() {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const p = decodeURIComponent(u.pathname);
    const at = Date.now();
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
        requests.push({ at, path: p, kind: kindOf(p), status: 404, encoding: null, bytes: 9 });
        return;
      }
    }
    const st = fs.statSync(file);
    const etag = `"${crypto.createHash('sha1').update(`${file}|${st.size}|${st.mtimeMs}`).digest('hex').slice(0, 16)}"`;
    const hashed = p.startsWith('/assets/') || p.startsWith('/bench/assets/') || p.startsWith('/bench-assets/');
    const headers = {
      ...HEADERS,
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: etag,
      Vary: 'Accept-Encoding',
    };
    const entry = { at, path: p, kind: kindOf(p), status: 200, encoding: null, bytes: 0 };
    requests.push(entry);
    if (req.headers['if-none-match'] === etag) {
      entry.status = 304;
      res.writeHead(304, headers).end();
      return;
    }
    const body = encoded(file, String(req.headers['accept-encoding'] ?? ''));
    const size = body.data ? body.data.length : fs.statSync(body.file).size;
    entry.encoding = body.encoding;
    res.writeHead(200, { ...headers, 'Content-Length': size, ...(body.encoding ? { 'Content-Encoding': body.encoding } : {}) });
    if (req.method === 'HEAD') return void res.end();
    const count = (n) => {
      entry.bytes += n;
    };
    if (body.data) {
      count(body.data.length);
      res.end(body.data);
    } else
      fs.createReadStream(body.file)
        .on('data', (c) => count(c.length))
        .pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(PORT, '127.0.0.1', () => resolve(server));
  });
}

/** Bytes of the responses to requests that arrived in [from, to) (epoch ms), in all and by kind. */
function bytesBetween(from, to = Number.POSITIVE_INFINITY) {
  const byKind = {};
  let total = 0;
  let n = 0;
  for (const r of requests) {
    if (r.at < from || r.at >= to) continue;
    total += r.bytes;
    n++;
    byKind[r.kind] = (byKind[r.kind] ?? 0) + r.bytes;
  }
  return { total, byKind, requests: n };
}

/** Resolves once no request has arrived for quietMs (or after maxMs). */
async function networkQuiet(quietMs, maxMs) {
  const start = Date.now();
  for (;;) {
    const last = requests.at(-1)?.at ?? 0;
    if (Date.now() - Math.max(last, start) >= quietMs || Date.now() - start > maxMs) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---------- stats ----------

const sorted = (a) => [...a].sort((x, y) => x - y);
/** Nearest-rank percentile. */
const pct = (a, q) => (a.length ? sorted(a)[Math.min(a.length - 1, Math.max(0, Math.ceil((q / 100) * a.length) - 1))] : null);
const median = (a) => pct(a, 50);
const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
const ratio = (a, b) => (a != null && b ? Math.round((a / b) * 100) / 100 : null);

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

/**
 * Installed in every app page before its scripts: the page's own clock (ms since navigation start) at the moments
 * the status line first says "ready" and a first result appears. Works on any build of the app (it reads the DOM).
 */
function watchMilestones() {
  const seen = {};
  window.__benchMilestones = seen;
  const check = () => {
    const status = document.querySelector('[data-testid=status]');
    if (seen.ready == null && status && /ready/i.test(status.textContent ?? '')) seen.ready = performance.now();
    if (seen.result == null && document.querySelector('[data-testid=top-prediction], [data-testid=out-of-scope], [data-testid=clinical-photo]'))
      seen.result = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
}

/** The page's timeline: navigation, the app's 'skinlens: …' marks and measures (src/app/timing.ts), in ms from navigation start. */
function pageTimeline() {
  const nav = performance.getEntriesByType('navigation')[0];
  const steps = [];
  if (nav) {
    steps.push({ name: 'page: HTML', start_ms: nav.requestStart, ms: nav.responseEnd - nav.requestStart });
    steps.push({ name: 'page: DOMContentLoaded', start_ms: nav.domContentLoadedEventEnd, ms: 0 });
  }
  for (const e of performance.getEntries()) {
    if (!e.name.startsWith('skinlens: ')) continue;
    steps.push({ name: e.name.slice('skinlens: '.length) + (e.entryType === 'mark' ? ' (mark)' : ''), start_ms: e.startTime, ms: e.duration });
  }
  return {
    time_origin: performance.timeOrigin,
    milestones: window.__benchMilestones ?? {},
    marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
    steps: steps.sort((a, b) => a.start_ms - b.start_ms).map((s) => ({ ...s, start_ms: Math.round(s.start_ms * 10) / 10, ms: Math.round(s.ms * 10) / 10 })),
  };
}

const waitMilestone = (page, name, timeout) => page.waitForFunction((n) => window.__benchMilestones?.[n] != null, name, { timeout, polling: 50 });

/**
 * The real app on one backend: a first visit in a fresh profile (ready, a photo, its result, what was downloaded
 * before and after it), then the page reopened WARM_VISITS times with the model and the app cached.
 */
async function benchApp(browser, base, backend, lesion, out) {
  const ctx = await browser.newContext();
  await ctx.addInitScript(watchMilestones);
  try {
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const t0 = Date.now();
    await page.goto(`${base}/?backend=${backend}`);
    await waitMilestone(page, 'ready', 300_000);
    const fileAt = await page.evaluate(() => performance.now());
    await page.getByTestId('file-input').setInputFiles(lesion);
    await waitMilestone(page, 'result', 300_000);
    const first = await page.evaluate(pageTimeline);
    const readyAt = first.time_origin + first.milestones.ready;
    // The app marks its first result as it goes on screen (what it starts comes after); older builds: the DOM.
    const resultAt = first.time_origin + (first.marks['skinlens: first result'] ?? first.milestones.result);
    const before = bytesBetween(t0, resultAt);
    Object.assign(out, {
      ready_cold_ms: r1(first.milestones.ready),
      file_to_result_ms: r1(first.milestones.result - fileAt),
      bytes_before_ready: bytesBetween(t0, readyAt).total,
      bytes_before_first_result: before.total,
      bytes_before_first_result_by_kind: before.byKind,
      bytes_before_first_result_except_weights: before.total - (before.byKind.weights ?? 0),
      requests_before_first_result: before.requests,
      ready_cold_trace: first.steps,
      app_backend_shown:
        (
          (await page
            .getByTestId('backend')
            .textContent({ timeout: 1000 })
            .catch(() => null)) ?? ''
        ).trim() || null,
    });
    log(backend, `app, first visit: ready ${out.ready_cold_ms} ms, photo -> result ${out.file_to_result_ms} ms, ${before.total} bytes before the result`);
    // After the result: the service worker installs (caches the build) and the case pack is saved at idle time.
    await page
      .evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      })
      .catch(() => undefined);
    await page
      .getByTestId('offline-cases')
      .and(page.locator('[data-state=saved]'))
      .waitFor({ timeout: 60_000 })
      .catch(() => undefined);
    await networkQuiet(1500, 30_000);
    const after = bytesBetween(resultAt);
    Object.assign(out, {
      bytes_after_first_result: after.total,
      bytes_after_first_result_by_kind: after.byKind,
      bytes_first_visit: before.total + after.total,
      ...Object.fromEntries(Object.entries(await heap(ctx, page)).map(([k, v]) => [`app_page_${k}`, v])),
    });
    log(backend, `app, first visit: ${after.total} bytes after the result (service worker, case pack)`);
    if (errors.length) out.app_page_errors = errors.slice(0, 3);
    await page.close();

    // The page reopened: the model in the loader's cache, the app in the service worker's.
    const visits = [];
    for (let i = 0; i < WARM_VISITS; i++) {
      const p = await ctx.newPage();
      const start = Date.now();
      await p.goto(`${base}/?backend=${backend}`);
      await waitMilestone(p, 'ready', 300_000);
      const t = await p.evaluate(pageTimeline);
      await new Promise((r) => setTimeout(r, 300));
      visits.push({ ready_ms: t.milestones.ready, steps: t.steps, bytes: bytesBetween(start, t.time_origin + t.milestones.ready + 300) });
      await p.close();
    }
    const readies = visits.map((v) => v.ready_ms);
    const mid = visits.find((v) => v.ready_ms === median(readies));
    Object.assign(out, {
      ready_warm_ms: r1(median(readies)),
      ready_warm_runs_ms: readies.map(r1),
      ready_warm_trace: mid?.steps,
      bytes_warm_visit: mid?.bytes.total,
      bytes_warm_visit_by_kind: mid?.bytes.byKind,
    });
    log(backend, `app, reopened: ready ${out.ready_warm_ms} ms (median of ${readies.map(Math.round).join(', ')}), ${out.bytes_warm_visit} bytes`);
  } catch (e) {
    out.app_error = String(e).split('\n')[0];
    log(backend, 'app failed:', out.app_error);
  } finally {
    await ctx.close();
  }
}

/** The engine on one backend in the harness page: load cold and warm, then the interleaved timing rounds and the tensor counts. */
async function benchEngine(browser, base, backend, out) {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const t0 = Date.now();
    await page.goto(`${base}/bench/index.html?auto=1&backend=${backend}`);
    const cold = await page.evaluate(() => window.benchLoad);
    out.bytes_harness_cold = bytesBetween(t0).total;
    if (cold.error || !cold.load) {
      out.skipped = cold.error ?? 'no load';
      log(backend, 'skipped:', out.skipped);
      return false;
    }
    const c = cold.load;
    Object.assign(out, {
      fallbacks: c.fallbacks,
      input_size: c.input_size,
      engine_ready_cold_ms: r1(c.ready_ms),
      engine_warmup_cold_ms: r1(c.warmup_ms),
      engine_cold_trace: c.steps.map((s) => ({ ...s, start_ms: r1(s.start_ms), ms: r1(s.ms) })),
    });
    log(backend, `engine cold: ready ${out.engine_ready_cold_ms} ms, then warm-up ${out.engine_warmup_cold_ms} ms`);

    await page.evaluate(() => window.bench.prepareApp());
    const probe = await page.evaluate(() => window.bench.rounds(1, 1, 0, ['classify']));
    const slow = backend === 'cpu' || probe.classify[0] > SLOW_MS;
    const plan = slow ? PLAN.slow : PLAN.default;
    out.plan = slow ? 'slow (few rounds)' : 'default';
    const names = ['classify', 'saliency', 'backbone', ...(slow ? [] : ['backbone_app']), 'v1'];
    const baselines = await page.evaluate(([size, n]) => window.bench.prepareBaselines(size, n), [out.input_size, names.slice(2)]);
    const t = await page.evaluate(([p, n]) => window.bench.rounds(...p, n), [plan, names]);
    const p50 = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, r1(median(v))]));
    Object.assign(out, {
      rounds: t.classify.length,
      classify_p50_ms: p50.classify,
      classify_p95_ms: r1(pct(t.classify, 95)),
      saliency_p50_ms: p50.saliency,
      saliency_p95_ms: r1(pct(t.saliency, 95)),
      saliency_over_classify: ratio(p50.saliency, p50.classify),
      baseline_backbone_p50_ms: p50.backbone,
      baseline_backbone_app_size_p50_ms: p50.backbone_app ?? null,
      baseline_v1_p50_ms: p50.v1,
      classify_over_backbone: ratio(p50.classify, p50.backbone),
      classify_over_backbone_app_size: ratio(p50.classify, p50.backbone_app),
      baselines,
    });
    log(
      backend,
      `${t.classify.length} rounds: classify ${p50.classify}, saliency ${p50.saliency} (${out.saliency_over_classify}x), backbone ${p50.backbone} (classify ${out.classify_over_backbone}x of it), v1 ${p50.v1}`,
    );
    await page.evaluate(() => window.bench.disposeBaselines());
    const mem = await page.evaluate(() => window.bench.memory());
    Object.assign(out, { tensors_after_runs: mem.num_tensors, tensor_bytes_after_runs: mem.num_bytes, ...(await heap(ctx, page)) });
    await page.evaluate(() => window.bench.disposeApp());
    out.tensors_after_dispose = (await page.evaluate(() => window.bench.memory())).num_tensors;
    if (errors.length) out.page_errors = errors.slice(0, 3);
    await page.close();

    // The harness reopened in the same profile: the model from the Cache API.
    const page2 = await ctx.newPage();
    await page2.goto(`${base}/bench/index.html?auto=1&backend=${backend}`);
    const warm = await page2.evaluate(() => window.benchLoad);
    if (warm.load) {
      Object.assign(out, {
        engine_ready_warm_ms: r1(warm.load.ready_ms),
        engine_warmup_warm_ms: r1(warm.load.warmup_ms),
        engine_warm_from_cache: warm.load.from_cache,
        engine_warm_trace: warm.load.steps.map((s) => ({ ...s, start_ms: r1(s.start_ms), ms: r1(s.ms) })),
      });
      log(backend, `engine warm: ready ${out.engine_ready_warm_ms} ms (from cache: ${out.engine_warm_from_cache})`);
    } else out.engine_warm_error = warm.error ?? 'no load';
    await page2.close();
    return true;
  } finally {
    await ctx.close();
  }
}

// ---------- static facts ----------

function jsSizes() {
  const dir = path.join(DIST, 'assets');
  let gz = 0;
  let br = 0;
  let raw = 0;
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const b = fs.readFileSync(path.join(dir, f));
    gz += zlib.gzipSync(b, { level: 9 }).length;
    br += fs.existsSync(path.join(dir, `${f}.br`)) ? fs.statSync(path.join(dir, `${f}.br`)).size : zlib.brotliCompressSync(b).length;
    raw += b.length;
  }
  return { gz, br, raw };
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

const MB = (b) => (b == null ? null : Math.round(b / 1e4) / 100);

const TARGETS = (r) => {
  const w = r.backends.wasm ?? {};
  const g = r.backends.webgl ?? {};
  return [
    { name: 'wasm: ready, model cached, page reopened (ms, median)', value: w.ready_warm_ms, target: '<= 500', ok: (v) => v <= 500 },
    { name: 'wasm: bytes before the first result, first visit, as served (MB)', value: MB(w.bytes_before_first_result), target: '<= 3.5', ok: (v) => v <= 3.5 },
    { name: 'wasm: saliency / classify', value: w.saliency_over_classify, target: '<= 2.5', ok: (v) => v <= 2.5 },
    { name: 'wasm: classify / bare MobileNetV2 backbone at 224', value: w.classify_over_backbone, target: '<= 0.6', ok: (v) => v <= 0.6 },
    { name: 'wasm: classify / MobileNet v1', value: ratio(w.classify_p50_ms, w.baseline_v1_p50_ms), target: '< 1', ok: (v) => v < 1 },
    { name: 'webgl: saliency / classify', value: g.saliency_over_classify, target: '<= 3', ok: (v) => v <= 3 },
    { name: 'weights (MB, as metadata.json lists them)', value: MB(r.model_bytes), target: '<= 2.6', ok: (v) => v <= 2.6 },
    ...Object.entries(r.backends)
      .filter(([, b]) => b.bytes_before_first_result_by_kind)
      .map(([k, b]) => ({
        name: `${k}: case pack bytes before the first result`,
        value: b.bytes_before_first_result_by_kind.cases ?? 0,
        target: '0',
        ok: (v) => v === 0,
      })),
  ].map((t) => ({ name: t.name, value: t.value ?? null, target: t.target, met: t.value == null ? null : t.ok(t.value) }));
};

function table(r) {
  const bs = Object.keys(r.backends);
  const kinds = (b, key) =>
    b[key]
      ? Object.entries(b[key])
          .map(([k, v]) => `${k} ${MB(v)}`)
          .join(', ')
      : null;
  const rows = [
    ['app: ready, first visit (ms)', 'ready_cold_ms'],
    ['app: ready, reopened, median (ms)', 'ready_warm_ms'],
    ['app: reopened, each visit (ms)', (b) => b.ready_warm_runs_ms?.join(', ')],
    ['app: photo -> result, first visit (ms)', 'file_to_result_ms'],
    ['app: MB before the first result, as served', (b) => MB(b.bytes_before_first_result)],
    ['  by kind (MB)', (b) => kinds(b, 'bytes_before_first_result_by_kind')],
    ['  all but the weights (MB)', (b) => MB(b.bytes_before_first_result_except_weights)],
    ['app: MB after it (service worker, case pack)', (b) => MB(b.bytes_after_first_result)],
    ['app: MB on a reopened visit', (b) => MB(b.bytes_warm_visit)],
    ['engine: ready, cold / cached (ms)', (b) => (b.engine_ready_cold_ms != null ? `${b.engine_ready_cold_ms} / ${b.engine_ready_warm_ms ?? '-'}` : null)],
    ['engine: background warm-up after ready (ms)', 'engine_warmup_cold_ms'],
    ['classify p50 / p95 (ms)', (b) => (b.classify_p50_ms != null ? `${b.classify_p50_ms} / ${b.classify_p95_ms}` : null)],
    ['saliency p50 / p95 (ms)', (b) => (b.saliency_p50_ms != null ? `${b.saliency_p50_ms} / ${b.saliency_p95_ms}` : null)],
    ['saliency / classify', 'saliency_over_classify'],
    ['baseline: MobileNetV2 backbone 224 p50 (ms)', 'baseline_backbone_p50_ms'],
    ['classify / backbone', 'classify_over_backbone'],
    ['baseline: backbone at the app input size p50 (ms)', 'baseline_backbone_app_size_p50_ms'],
    ['baseline: MobileNet v1 224 fp32 p50 (ms)', 'baseline_v1_p50_ms'],
    ['interleaved rounds', 'rounds'],
    ['tensors after runs / after dispose', (b) => (b.tensors_after_runs != null ? `${b.tensors_after_runs} / ${b.tensors_after_dispose}` : null)],
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

function traceLines(title, steps) {
  if (!steps?.length) return [];
  return [`\n${title}:`, ...steps.map((s) => `  ${String(s.start_ms).padStart(8)} ms  ${s.ms ? `${String(s.ms).padStart(7)} ms  ` : '            '}${s.name}`)];
}

function report(r) {
  const out = [];
  out.push(`machine: ${r.machine.description}`);
  out.push(`browser: ${r.browser}; tfjs ${r.tfjs}; WebGL renderer: ${r.webgl_renderer ?? '?'}`);
  out.push(
    `model: weights ${r.model_bytes} bytes (model folder ${r.model_folder_bytes}); app JS ${r.app_js_bytes} bytes, gzip ${r.app_js_gzip_bytes}, brotli ${r.app_js_br_bytes}`,
  );
  out.push('');
  out.push(table(r));
  for (const [k, b] of Object.entries(r.backends)) {
    if (b.skipped) out.push(`\n${k}: skipped: ${b.skipped}`);
    if (b.app_error) out.push(`\n${k}: app: ${b.app_error}`);
    out.push(...traceLines(`${k}: reopened page, median visit (ms from navigation start)`, b.ready_warm_trace));
  }
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
  const js = jsSizes();
  const result = {
    command: `npm run bench -- ${argv.join(' ')}`.trim(),
    date: new Date().toISOString(),
    machine: machine(),
    browser: `Chromium ${browser.version()} (headless, ${CHROMIUM})`,
    tfjs: null,
    webgl_renderer: null,
    model_bytes: meta.weights.reduce((s, w) => s + w.bytes, 0),
    model_folder_bytes: fs
      .readdirSync(modelDir)
      .filter((f) => !/\.(br|gz)$/.test(f))
      .reduce((s, f) => s + fs.statSync(path.join(modelDir, f)).size, 0),
    model_input: meta.input?.size ?? null,
    app_js_bytes: js.raw,
    app_js_gzip_bytes: js.gz,
    app_js_br_bytes: js.br,
    e2e_photo: lesion ? path.relative(ROOT, lesion) : null,
    warm_visits: WARM_VISITS,
    dist: path.relative(ROOT, DIST) || '.',
    ...(DIST_OPT ? { note: "--dist: the app figures are that build's; the engine figures (harness) are this checkout's src/model" } : {}),
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
      const out = { backend: b };
      result.backends[b] = out;
      try {
        if (await benchEngine(browser, base, b, out)) await benchApp(browser, base, b, lesion, out);
      } catch (e) {
        out.error = String(e).split('\n')[0];
        log(b, 'failed:', String(e));
      }
      out.wall_s = Math.round((Date.now() - t) / 1000);
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
