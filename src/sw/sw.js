/*
 * Offline support and the installed app. Built by vite.config.ts (skinlensServiceWorker), which writes the build's
 * version (a hash of every file it serves) into VERSION, so a new app or a new model makes a new worker that the
 * browser finds on its next update check; the page then offers "a new version is available: reload" (src/app/pwa.ts)
 * and the new worker takes over only when the user accepts (first install: at once). On install it caches the files
 * of the build (precache.json, kept in the cache too) and the model folder's JSON files; the model's weights are in
 * the model loader's own cache, verified by sha256. The similar-cases pack and the teaching cases (precache.json
 * "extras") are cached when first used, or all at once when the page asks: after the first result or once the
 * teaching cases are open (at idle time), on the user's "Make available offline", and when the app is installed; so
 * they never load before a view needs them on a first visit, and once saved they stay saved across updates.
 * Requests: same-origin GETs only; pages are network-first (so a new version shows when online), everything else
 * cache-first (the build's file names are content-hashed; model files are sha256-verified by the app).
 * Nothing is ever sent anywhere: the worker only answers the page's own requests.
 *
 * Messages from the page (src/features/offline/availability.ts holds the other side): 'skip-waiting';
 * 'extras-status' and 'cache-extras', both answered with { type: 'extras', state, saved, total }, where state is
 * 'missing' | 'saving' | 'saved' | 'incomplete' and saved counts the extras in this version's cache.
 */
const VERSION = '__SKINLENS_VERSION__';
const CACHE = `skinlens-app-${VERSION}`;
const MODEL_FILES = ['model/model.json', 'model/metadata.json', 'model/taxonomy.json', 'model/metrics.json', 'model/embedding.json'];

const scopeUrl = (p) => new URL(p, self.registration.scope).href;

// Left out of the precache (which a first visit starts after its first result, src/app/pwa.ts, and which once doubled
// the bytes before it): the model's weight files, which the model loader verifies and keeps in its own cache (caches.match
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

/** The build's file list, from this version's cache (so the worker can say what is saved while offline) or the network. */
async function readManifest() {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(scopeUrl('precache.json'), { ignoreVary: true });
  if (hit) return hit.json();
  const res = await fetch(scopeUrl('precache.json'), { cache: 'no-cache' });
  if (!res.ok) return { files: ['./'], extras: [] };
  await cache.put(scopeUrl('precache.json'), res.clone());
  return res.json();
}

const extrasOf = (manifest) => (manifest.extras ?? []).filter((f) => !isWeights(f));

/** Whether an older version's cache holds any of the extras: the user had them, so the update keeps them. */
async function hadExtras(extras) {
  for (const key of await caches.keys()) {
    if (!key.startsWith('skinlens-app-') || key === CACHE) continue;
    const old = await caches.open(key);
    for (const f of extras) if (await old.match(scopeUrl(f), { ignoreVary: true })) return true;
  }
  return false;
}

async function precache() {
  const manifest = await readManifest();
  const extras = extrasOf(manifest);
  const keep = (await hadExtras(extras)) ? extras : [];
  await cacheAll([...manifest.files, ...MODEL_FILES, ...keep].filter((f) => !isWeights(f) && !wasmUnused(f)));
}

/** Caches every file of the list not yet in this version's cache; onSaved(saved, total) after each one that is. */
async function cacheAll(list, onSaved = () => undefined) {
  const cache = await caches.open(CACHE);
  const files = [...new Set(list)];
  let saved = 0;
  // One file failing (e.g. an optional JSON) must not stop the rest from being cached. A file this version's cache
  // already holds is not fetched again (the installed app asks for the extras on every start).
  await Promise.all(
    files.map(async (f) => {
      try {
        if (!(await cache.match(scopeUrl(f), { ignoreVary: true }))) {
          // The build's assets have content-hashed names: a copy in the HTTP cache (the page just downloaded it)
          // is the right one, so caching it costs no second download. Other files are checked with the server.
          const res = await fetch(scopeUrl(f), { cache: f.startsWith('assets/') ? 'default' : 'no-cache' });
          if (!res.ok) return;
          await cache.put(scopeUrl(f), res);
        }
        onSaved(++saved, files.length);
      } catch {
        /* offline: cached later on use, or on the page's next request */
      }
    }),
  );
  return { saved, total: files.length };
}

/** How many of the extras this version's cache holds. */
async function extrasStatus() {
  const extras = extrasOf(await readManifest());
  const cache = await caches.open(CACHE);
  const held = await Promise.all(extras.map((f) => cache.match(scopeUrl(f), { ignoreVary: true })));
  const saved = held.filter(Boolean).length;
  return { type: 'extras', state: saved === extras.length ? 'saved' : 'missing', saved, total: extras.length };
}

/** Caches the extras, telling the page after each file. */
async function saveExtras(reply) {
  const extras = extrasOf(await readManifest());
  reply({ type: 'extras', state: 'saving', saved: 0, total: extras.length });
  const { saved, total } = await cacheAll(extras, (n, of) => reply({ type: 'extras', state: 'saving', saved: n, total: of }));
  reply({ type: 'extras', state: saved === total ? 'saved' : 'incomplete', saved, total });
}

self.addEventListener('install', (event) => {
  // The first worker takes over at once; a later one waits until the page says the user chose to reload.
  event.waitUntil(precache().then(() => (self.registration.active ? undefined : self.skipWaiting())));
});

self.addEventListener('message', (event) => {
  const reply = (m) => event.source?.postMessage(m);
  const failed = () => reply({ type: 'extras', state: 'incomplete', saved: 0, total: 0 });
  if (event.data === 'skip-waiting') self.skipWaiting();
  if (event.data === 'extras-status') event.waitUntil(extrasStatus().then(reply, failed));
  if (event.data === 'cache-extras') event.waitUntil(saveExtras(reply).catch(failed));
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
