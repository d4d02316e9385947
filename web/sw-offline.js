// Offline support, prepended to coi-serviceworker in dist/sw.js (one scope has one service
// worker, so both jobs live in one file). In the worker, coi-serviceworker answers every
// fetch through the global fetch() and adds the COOP/COEP headers; replacing that global
// with a cache-first version makes the same answers come from the cache when offline.
//
// Installing stays instant: coi-serviceworker reloads the page as soon as the worker is
// found, and a slow install would let that reload miss the worker. The build's assets are
// cached afterwards, in the background of the first requests the worker serves.
if (typeof window === 'undefined') {
  const CACHE = '__CACHE_NAME__';
  const ASSETS = __ASSETS__;
  const networkFetch = self.fetch.bind(self);
  let precached = null;

  const precache = () => {
    precached ??= caches.open(CACHE).then(async (cache) => {
      const missing = [];
      for (const url of ASSETS) if (!(await cache.match(url, { ignoreSearch: true }))) missing.push(url);
      await cache.addAll(missing);
    }).catch((e) => { precached = null; console.warn('offline cache incomplete:', e.message); });
    return precached;
  };

  self.addEventListener('activate', (event) => {
    event.waitUntil(caches.keys().then((keys) =>
      Promise.all(keys.filter((k) => k.startsWith('camtrap-') && k !== CACHE).map((k) => caches.delete(k)))));
  });
  // Registered before coi-serviceworker's listener; it only extends the worker's life for
  // the background caching and leaves the answer to coi-serviceworker.
  self.addEventListener('fetch', (event) => event.waitUntil(precache()));

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
