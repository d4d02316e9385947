// SPARROW packages (sparrow-package.js) in this browser's model cache (model-store.js).
import { META, ModelStoreError, openCache, readPin, requestPersistentStorage, writePin } from './model-store.js';
import { packageFileKey } from './package-keys.js';

// Each unpacked .onnx file under its
// packageFileKey (the content URL with ?wl-package-file=<path>) exactly like a downloaded
// model (so fetchModel finds it, and a batch resumes from it), and the package's index
// (manifest and labels text, where each model is) under the key of "package.json", written
// last so a package is complete or absent. (Keys never use #fragments: Cache Storage ignores
// them when matching.)
// The first download pins each model's SHA-256; a later download that differs is refused.

const packageIndexKey = (key) => packageFileKey(key, 'package.json');
export const packageStore = {
  async readIndex(key) {
    const cache = await openCache();
    if (!cache) return null;
    const hit = await cache.match(packageIndexKey(key));
    if (!hit) return null;
    let index;
    try { index = await hit.json(); } catch { return null; }
    for (const m of index.models ?? []) {
      const r = await cache.match(m.key);
      if (!r || r.headers.get(META.sha256) !== m.sha256) return null;  // a model file went missing
    }
    return index;
  },
  async write(key, index, models) {
    const cache = await openCache();
    if (!cache) throw new Error('this browser offers no storage for models here');
    for (const m of models) {
      const url = packageFileKey(key, m.path);
      const pin = await readPin(cache, url);
      if (pin && pin.sha256 !== m.sha256) {
        throw new ModelStoreError('pin', `${m.path} in ${index.id} differs from the one first downloaded${pin.pinnedAt ? ' on ' + String(pin.pinnedAt).slice(0, 10) : ''} (expected SHA-256 ${pin.sha256}, got ${m.sha256}); the package on the server changed`, { url });
      }
    }
    for (const m of models) {
      const url = index.models.find((x) => x.path === m.path).key;
      await cache.put(url, new Response(m.bytes, {
        headers: {
          'Content-Type': 'application/octet-stream', [META.sha256]: m.sha256, [META.bytes]: String(m.bytes.length),
          [META.stored]: new Date().toISOString(), [META.id]: encodeURIComponent(String(index.id)),
        },
      }));
      await writePin(cache, url, m.sha256, 'first-download', index.id);
    }
    await cache.put(packageIndexKey(key), new Response(JSON.stringify(index), { headers: { 'Content-Type': 'application/json' } }));
    requestPersistentStorage();
  },
  async pinnedSha256(url) {
    const cache = await openCache();
    return (await readPin(cache, url))?.sha256 ?? null;
  },
};

// A small JSON document kept beside the models (the zoo record's file list, for offline starts).
export async function keepJson(url, value) {
  const cache = await openCache();
  if (!cache) return false;
  try { await cache.put(url, new Response(JSON.stringify(value), { headers: { 'Content-Type': 'application/json' } })); return true; } catch { return false; }
}
export async function readKeptJson(url) {
  const cache = await openCache();
  const hit = cache ? await cache.match(url) : null;
  if (!hit) return null;
  try { return await hit.json(); } catch { return null; }
}
