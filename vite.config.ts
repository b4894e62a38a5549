import fs from 'node:fs';
import path from 'node:path';
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

/** Writes precache.json (every emitted file) for public/sw.js, so the whole app works offline after one visit. */
function precacheManifest(): Plugin {
  return {
    name: 'skinlens-precache-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map'));
      const pub = path.resolve('public');
      const walk = (d: string): string[] =>
        fs.existsSync(d)
          ? fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]))
          : [];
      const statics = walk(pub)
        .map((f) => path.relative(pub, f).split(path.sep).join('/'))
        .filter((f) => f !== 'sw.js' && !f.startsWith('.'));
      this.emitFile({ type: 'asset', fileName: 'precache.json', source: JSON.stringify({ version: Date.now(), files: ['./', ...files, ...statics].sort() }) });
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
  plugins: [react(), precacheManifest(), devCsp()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 4000 },
  server: {
    headers: {
      ...HEADERS,
      'Content-Security-Policy': HEADERS['Content-Security-Policy'].replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*"),
    },
  },
  preview: { headers: HEADERS },
});
