// Offline support, prepended to coi-serviceworker in dist/sw.js (one scope has one service
// worker, so both jobs live in one file). In the worker, coi-serviceworker answers every
// fetch through the global fetch() and adds the COOP/COEP headers; replacing that global
// with a cache-first version makes the same answers come from the cache when offline.
if (typeof window === 'undefined') {
  const CACHE = '__CACHE_NAME__';
  const ASSETS = __ASSETS__;
  const networkFetch = self.fetch.bind(self);

  self.addEventListener('install', (event) => {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
  });
  self.addEventListener('activate', (event) => {
    event.waitUntil(caches.keys().then((keys) =>
      Promise.all(keys.filter((k) => k.startsWith('camtrap-') && k !== CACHE).map((k) => caches.delete(k)))));
  });

  self.fetch = async (request) => {
    const req = request instanceof Request ? request : new Request(request);
    const sameOrigin = new URL(req.url).origin === self.location.origin;
    if (req.method !== 'GET' || !sameOrigin) return networkFetch(req);
    const cache = await caches.open(CACHE);
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    const response = await networkFetch(req);
    if (response.ok) cache.put(req, response.clone());
    return response;
  };
}
