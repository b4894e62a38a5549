/*
 * Offline support. On install, caches the files of the build (precache.json, written by vite.config.ts) and the
 * model folder's JSON files; the model's weights are in the model loader's own cache. So a reload with the network
 * cut still works. Requests:
 * same-origin GETs only; pages are network-first (so a new version shows when online), everything else
 * cache-first (the build's file names are content-hashed; model files are sha256-verified by the app).
 * Nothing is ever sent anywhere: the worker only answers the page's own requests.
 */
const CACHE = 'skinlens-app-v1';
const MODEL_FILES = ['model/model.json', 'model/metadata.json', 'model/taxonomy.json', 'model/metrics.json', 'model/embedding.json'];

const scopeUrl = (p) => new URL(p, self.registration.scope).href;

// Left out of the precache, which runs alongside the app's own first load (it doubled the bytes before the first
// result): the model's weight files, which the model loader verifies and keeps in its own cache (caches.match
// below finds them there), and the wasm builds tfjs will not pick: the app turns threads off, so only the SIMD
// build is used (the plain one without SIMD; same test as tfjs). Anything else is still cached on first use.
const SIMD = (() => {
  try {
    return WebAssembly.validate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11]));
  } catch {
    return false;
  }
})();
const isWeights = (path) => /(^|\/)model\/[^/]+\.bin$/.test(path);
const wasmUnused = (f) => f.endsWith('.wasm') && (f.includes('-threaded-simd') || f.includes('wasm-simd-') !== SIMD);

async function precache() {
  const cache = await caches.open(CACHE);
  const manifest = await fetch(scopeUrl('precache.json'), { cache: 'no-cache' }).then((r) => (r.ok ? r.json() : { files: ['./'] }));
  const files = new Set([...manifest.files, ...MODEL_FILES].filter((f) => !isWeights(f) && !wasmUnused(f)));
  // One file failing (e.g. an optional JSON) must not stop the rest from being cached.
  await Promise.all(
    [...files].map(async (f) => {
      try {
        const res = await fetch(scopeUrl(f), { cache: 'no-cache' });
        if (res.ok) await cache.put(scopeUrl(f), res);
      } catch {
        /* offline during install: cached later on use */
      }
    }),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('skinlens-app-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            caches.open(CACHE).then((c) => c.put(scopeUrl('./'), copy));
          }
          return res;
        })
        .catch(() => caches.match(scopeUrl('./'), { ignoreVary: true }).then((r) => r ?? Response.error())),
    );
    return;
  }
  // ignoreVary: the preview server sends "Vary: Origin", and module scripts carry an Origin header that the
  // worker's own precache fetches did not, so a strict match would miss every cached script.
  event.respondWith(
    caches.match(req.url, { ignoreSearch: true, ignoreVary: true }).then(
      (hit) =>
        hit ??
        fetch(req).then((res) => {
          if (res.ok && res.type === 'basic' && !isWeights(url.pathname)) {
            const copy = res.clone();
            caches.open(CACHE).then((c) => c.put(req, copy));
          }
          return res;
        }),
    ),
  );
});
