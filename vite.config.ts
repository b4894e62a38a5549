import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Content Security Policy: our own origin only, plus 'wasm-unsafe-eval' for the tfjs WASM backend and blob: workers.
 * The WASM backend runs single-threaded (src/model/backend.ts), so no blob: scripts are needed; its threaded build
 * would importScripts() a blob: URL and need blob: in script-src. The same string is in index.html's meta tag; a
 * test checks they agree. frame-ancestors only works as a header.
 */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self' blob: data:; " +
  "img-src 'self' blob: data:; media-src 'self' blob: mediastream:; style-src 'self' 'unsafe-inline'; font-src 'self'; " +
  "object-src 'none'; base-uri 'self'; form-action 'none'; manifest-src 'self'";

/** COOP/COEP make the page cross-origin isolated so SharedArrayBuffer, and so WASM threads, are available. */
const HEADERS = {
  'Content-Security-Policy': `${CSP}; frame-ancestors 'none'`,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
};

/** Files the installed app caches only when first used or on request (the similar-cases pack, the teaching cases). */
export const isExtra = (f: string): boolean => f.startsWith('cases/');

/**
 * Writes precache.json (every emitted file; the case pack listed apart as "extras") and the service worker (src/sw/sw.js)
 * with the build's version: a sha256 over every served file's name and bytes, so a new app or a new model yields a
 * new worker, which the page announces (src/app/pwa.ts), and an unchanged rebuild keeps the old one.
 */
function serviceWorker(): Plugin {
  return {
    name: 'skinlens-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const pub = path.resolve('public');
      const walk = (d: string): string[] =>
        fs.existsSync(d)
          ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]))
          : [];
      const statics = walk(pub)
        .map((f) => path.relative(pub, f).split(path.sep).join('/'))
        .filter((f) => !f.startsWith('.'))
        .sort();
      const emitted = Object.keys(bundle)
        .filter((f) => !f.endsWith('.map'))
        .sort();
      const hash = crypto.createHash('sha256');
      for (const f of emitted) {
        const out = bundle[f];
        hash.update(f).update(out?.type === 'chunk' ? out.code : (out?.source ?? ''));
      }
      for (const f of statics) hash.update(f).update(fs.readFileSync(path.join(pub, f)));
      const version = hash.digest('hex').slice(0, 16);
      const all = ['./', ...emitted, ...statics];
      this.emitFile({
        type: 'asset',
        fileName: 'precache.json',
        source: JSON.stringify({ version, files: all.filter((f) => !isExtra(f)).sort(), extras: all.filter(isExtra).sort() }),
      });
      const sw = fs.readFileSync(path.resolve('src/sw/sw.js'), 'utf8');
      if (!sw.includes('__SKINLENS_VERSION__')) this.error('src/sw/sw.js has no __SKINLENS_VERSION__ placeholder');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: sw.replace('__SKINLENS_VERSION__', version) });
    },
  };
}

/** The npm package a module belongs to ('tfjs-backend-webgl' for .../@tensorflow/tfjs-backend-webgl/dist/index.js). */
function packageName(id: string | null | undefined): string | undefined {
  const m = id ? /node_modules\/(?:@[^/]+\/)?([^/]+)\//.exec(id) : null;
  return m?.[1];
}

/** A chunk's name: its package (the one most of its modules come from), then its own name unless that is 'index' or 'dist'. */
function chunkName(chunk: { name: string; facadeModuleId: string | null; moduleIds: string[] }): string {
  const counts = new Map<string, number>();
  for (const id of chunk.moduleIds) {
    const p = packageName(id);
    if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const pkg = packageName(chunk.facadeModuleId) ?? [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!pkg) return chunk.name;
  return chunk.name === 'index' || chunk.name === 'dist' || chunk.name === pkg ? pkg : `${pkg}-${chunk.name}`;
}

/** Text (and wasm, which compresses like text) that static hosts send compressed; not the weights, images or source maps. */
const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|webmanifest|wasm|txt)$/;

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every compressible file of dist/ of 1 KB or more, for hosts that
 * serve precompressed files (nginx's gzip_static and brotli_static, most static hosts do the same on the fly); the
 * bench serves them so (bench/run.mjs). Not part of precache.json: the service worker caches what the server sends.
 */
function precompress(): Plugin {
  const brotli = promisify(zlib.brotliCompress);
  const gzip = promisify(zlib.gzip);
  let outDir = 'dist';
  return {
    name: 'skinlens-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const walk = (d: string): string[] =>
        fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
      const files = walk(outDir).filter((f) => COMPRESSIBLE.test(f) && fs.statSync(f).size >= 1024);
      await Promise.all(
        files.map(async (f) => {
          const data = fs.readFileSync(f);
          const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length };
          fs.writeFileSync(`${f}.br`, await brotli(data, { params }));
          fs.writeFileSync(`${f}.gz`, await gzip(data, { level: 9 }));
        }),
      );
    },
  };
}

/** The dev server's HMR needs a websocket, which the production CSP (correctly) forbids. */
function devCsp(): Plugin {
  return {
    name: 'skinlens-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*"),
  };
}

export default defineConfig({
  plugins: [react(), serviceWorker(), precompress(), devCsp()],
  worker: {
    format: 'es',
    // The worker's chunks (tfjs-core, one per backend: src/model/backend.ts imports each when it is tried) named
    // after their package, so the network panel and the bench say which backend's code was downloaded.
    rolldownOptions: { output: { chunkFileNames: (chunk) => `assets/${chunkName(chunk)}-[hash].js` } },
  },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4000 },
  server: {
    headers: {
      ...HEADERS,
      'Content-Security-Policy': HEADERS['Content-Security-Policy'].replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*"),
    },
  },
  preview: { headers: HEADERS },
});
