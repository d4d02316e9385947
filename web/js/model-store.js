// Model store: downloads ONNX models from the zoo (or any URL), shows progress, verifies them
// by SHA-256, keeps them in this browser for offline use, and pins the hash of the first
// download. No dependencies; exposed to the C++ side and the automation API as
// globalThis.wlModelStore (see boot.js).
//
// Where models live: Cache Storage, in one cache named CACHE_NAME, keyed by the model's URL.
// Cache Storage rather than OPFS because it is keyed by URL already, works the same in pages
// and workers, is available in every browser that runs the app (OPFS is missing in some
// private-browsing modes and needs a file-naming scheme and an index of our own), and lets a
// model be written in one put() that either happens whole or not at all.
// The name must NOT start with "camtrap-": the service worker (web/sw-offline.js) deletes
// every cache starting with "camtrap-" that is not the current build's, so a model cached
// under such a name would vanish with the next release of the app.
//
// Pins: when the manifest gives no checksum (the zoo's "unknown"), the SHA-256 of the first
// successful download is recorded, and a later download with another hash is refused, since
// the file on the server changed or the download is corrupt. A checksum from the manifest
// always wins over a pin (and replaces it), so a new manifest can move a URL to a new
// version. Pins are small JSON entries in the same cache under PIN_PREFIX, separate from the
// model entries: deleting a cached model keeps its pin unless asked (forgetPin).
//
// What a model host must send (the page is cross-origin isolated, COEP require-corp):
//   - CORS: `Access-Control-Allow-Origin: *` (or the app's origin). The download is a CORS
//     request without credentials; without this header the browser blocks the response and
//     the page only sees a network error. Zenodo, GitHub release assets and Hugging Face do
//     send it.
//   - `Content-Length` for a progress bar with a known end (else the manifest's `bytes` is
//     used). `Cross-Origin-Resource-Policy` is not needed for a CORS request; sending
//     `cross-origin` does no harm.
//   - Redirects are followed (GitHub and Hugging Face redirect to a storage host); every hop
//     needs CORS. The cache key stays the URL that was asked for.
// Same-origin model URLs need nothing special.
//
// Local model files (picked from disk) are kept in the same cache under localModelUrl(sha256),
// an address on the .invalid domain that is never fetched, so that an interrupted batch can
// resume without asking for the file again. Model files are large, so only the latest one is
// kept (keepLocalModel drops the others).
//
// SPARROW packages are kept in the same cache by package-store.js (re-exported here).
//
// Every error thrown is a ModelStoreError with a `code` the C++ side can switch on and a
// message a user can act on. Codes: bad-request, aborted, http, offline, network,
// interrupted, not-onnx, truncated, size, checksum, pin, no-crypto, not-kept.

export const CACHE_NAME = 'wildlife-models-v1';
// Pins are stored under this URL prefix (never fetched; the .invalid domain cannot exist).
export const PIN_PREFIX = 'https://model-pins.invalid/pin?url=';
// Local model files kept for resuming; the same address as the C++ local_model_url().
export const LOCAL_MODEL_PREFIX = 'https://local-models.invalid/';
export const localModelUrl = (sha256) => `${LOCAL_MODEL_PREFIX}${sha256}.onnx`;

export const META = { sha256: 'X-Model-Sha256', id: 'X-Model-Id', stored: 'X-Model-Stored', bytes: 'X-Model-Bytes' };

export class ModelStoreError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = code === 'aborted' ? 'AbortError' : 'ModelStoreError';
    this.code = code;
    Object.assign(this, details);
  }
}

const HTTP_REASONS = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
const HTTP_HINTS = {
  401: 'the file is not public', 403: 'the file is not public, or the host refuses direct downloads',
  404: 'the address may be out of date', 410: 'the file was removed from the server',
  429: 'the server is limiting downloads; wait a while and try again',
};

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '? bytes';
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024; let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(1)} ${units[i]}`;
}

// A hex SHA-256 from the manifest, or null when none is known ("unknown", empty, missing).
function normaliseSha(sha, what) {
  if (sha == null) return null;
  const s = String(sha).trim().toLowerCase().replace(/^sha256:/, '');
  if (s === '' || s === 'unknown') return null;
  if (!/^[0-9a-f]{64}$/.test(s)) {
    throw new ModelStoreError('bad-request', `the checksum given for ${what} is not a SHA-256 (64 hexadecimal digits): "${sha}"`);
  }
  return s;
}

export async function sha256Hex(bytes) {
  if (!globalThis.crypto || !crypto.subtle) {
    throw new ModelStoreError('no-crypto',
      'this page is not a secure context (it is not served over https or from localhost), so the browser offers no SHA-256 to check the model with; open the app over https');
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---------------------------------------------------------------------------------------
// Is it an ONNX model? Names what it is instead when it is clearly something else, and walks
// the top-level protobuf fields of the ModelProto to catch a file that was cut short.

const startsWith = (b, sig, at = 0) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s) => Array.from(s, (c) => c.charCodeAt(0));

function otherFormat(b) {
  let i = 0;
  if (startsWith(b, [0xEF, 0xBB, 0xBF])) i = 3; // UTF-8 byte-order mark
  while (i < b.length && i < 512 && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0A || b[i] === 0x0D)) i++;
  const head = new TextDecoder('latin1').decode(b.subarray(i, i + 64)).toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<head') || head.startsWith('<body')) {
    return 'this is an HTML page, not an ONNX model (the address probably leads to a web page about the model, or the server sent an error page, instead of the file itself)';
  }
  if (head.startsWith('<?xml') || head.startsWith('<')) {
    return 'this is an XML or HTML document, not an ONNX model (the server probably sent an error page instead of the file)';
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    return 'this is a JSON document, not an ONNX model (the address probably leads to an API answer or a manifest, not to the file itself)';
  }
  if (head.startsWith('version https://git-lfs')) {
    return 'this is a Git LFS pointer, not the model itself; use the download link of the file (for GitHub: the "raw" or release-asset link)';
  }
  if (startsWith(b, [0x50, 0x4B, 0x03, 0x04]) || startsWith(b, [0x50, 0x4B, 0x05, 0x06])) {
    return 'this is a ZIP archive, not an ONNX model (a PyTorch .pt checkpoint is also a ZIP archive: export it to ONNX first, or unpack the archive and pick the .onnx file)';
  }
  if (startsWith(b, [0x1F, 0x8B])) return 'this is a gzip archive, not an ONNX model; unpack it and use the .onnx file inside';
  if (startsWith(b, [0x80]) && b.length > 1 && b[1] >= 2 && b[1] <= 5) {
    return 'this is a Python pickle (PyTorch weights), not an ONNX model; export it to ONNX first';
  }
  if (startsWith(b, ascii('TFL3'), 4)) return 'this is a TensorFlow Lite model, not an ONNX model';
  if (startsWith(b, [0xFF, 0xD8, 0xFF])) return 'this is a JPEG image, not an ONNX model';
  if (startsWith(b, [0x89, 0x50, 0x4E, 0x47])) return 'this is a PNG image, not an ONNX model';
  if (startsWith(b, ascii('\x93NUMPY'))) return 'this is a NumPy array file, not an ONNX model';
  return null;
}

// Throws a ModelStoreError unless `bytes` looks like a whole ONNX ModelProto. Exported so a
// model the user picks from disk gets the same messages.
export function checkOnnxBytes(bytes, name = 'the file') {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (b.length === 0) throw new ModelStoreError('not-onnx', `${name} is empty (0 bytes), not an ONNX model`);
  const other = otherFormat(b);
  if (other) throw new ModelStoreError('not-onnx', other);
  // Exporters write ModelProto fields in number order, so a model starts with ir_version
  // (field 1, varint: tag byte 0x08).
  if (b[0] !== 0x08) {
    throw new ModelStoreError('not-onnx', `${name} is not an ONNX model (it does not start like one: first byte 0x${b[0].toString(16).padStart(2, '0')})`);
  }
  let pos = 0; let graph = false;
  const varint = () => {
    let v = 0; let mul = 1;
    for (let k = 0; k < 10; k++) {
      if (pos >= b.length) return null;
      const c = b[pos++];
      v += (c & 0x7F) * mul; mul *= 128;
      if (!(c & 0x80)) return v;
    }
    return null;
  };
  const truncated = () => new ModelStoreError('truncated',
    `the ONNX file ends early (${formatBytes(b.length)} present, a field at byte ${pos} runs past the end); the download was probably cut short, so download it again`);
  while (pos < b.length) {
    const tag = varint();
    if (tag === null) throw truncated();
    const field = Math.floor(tag / 8); const wire = tag % 8;
    if (field === 0) throw new ModelStoreError('not-onnx', `${name} is damaged or not an ONNX model (invalid field at byte ${pos})`);
    if (wire === 0) { if (varint() === null) throw truncated(); }
    else if (wire === 2) {
      const len = varint();
      if (len === null || pos + len > b.length) throw truncated();
      if (field === 7) graph = true;
      pos += len;
    } else if (wire === 1) { pos += 8; if (pos > b.length) throw truncated(); }
    else if (wire === 5) { pos += 4; if (pos > b.length) throw truncated(); }
    else throw new ModelStoreError('not-onnx', `${name} is damaged or not an ONNX model (invalid field at byte ${pos})`);
  }
  if (!graph) throw new ModelStoreError('not-onnx', `${name} has no graph, so it is not a usable ONNX model (or it was cut short)`);
}

// ---------------------------------------------------------------------------------------
// Cache access. Every function tolerates a browser without Cache Storage (an insecure
// context, some private modes): the model is then downloaded each time.

export async function openCache() {
  if (!globalThis.caches) return null;
  try { return await caches.open(CACHE_NAME); } catch { return null; }
}

const pinKey = (url) => PIN_PREFIX + encodeURIComponent(url);

export async function readPin(cache, url) {
  if (!cache) return null;
  const r = await cache.match(pinKey(url));
  if (!r) return null;
  try { return await r.json(); } catch { return null; }
}

export async function writePin(cache, url, sha256, source, id) {
  const pin = { url, sha256, source, id: id ?? null, pinnedAt: new Date().toISOString() };
  await cache.put(pinKey(url), new Response(JSON.stringify(pin), { headers: { 'Content-Type': 'application/json' } }));
  return pin;
}

function absoluteUrl(url) {
  if (typeof url !== 'string' || url === '') throw new ModelStoreError('bad-request', 'no model URL was given');
  try { return new URL(url, globalThis.location?.href).href; }
  catch { throw new ModelStoreError('bad-request', `"${url}" is not a valid URL`); }
}

function abortError(url, signal) {
  const why = signal?.reason instanceof Error && signal.reason.name !== 'AbortError' ? ` (${signal.reason.message})` : '';
  return new ModelStoreError('aborted', `the download of ${url} was cancelled${why}`, { url });
}

let persistRequest = null;
// Asks the browser once per page to keep this site's storage when space runs low (Chromium
// decides silently; Firefox may ask the user). Remembered in localStorage so the user is not
// asked at every visit. Resolves to whether storage is persistent.
export function requestPersistentStorage() {
  persistRequest ??= (async () => {
    const s = globalThis.navigator?.storage;
    if (!s || !s.persist) return false;
    if (s.persisted && (await s.persisted())) return true;
    let asked = false;
    try { asked = localStorage.getItem('wl-models-persist-asked') === '1'; } catch { /* no localStorage */ }
    if (asked) return false;
    try { localStorage.setItem('wl-models-persist-asked', '1'); } catch { /* no localStorage */ }
    try { return await s.persist(); } catch { return false; }
  })();
  return persistRequest;
}

// How much this site stores and may store, in bytes (null where the browser does not say).
export async function storageEstimate() {
  const s = globalThis.navigator?.storage;
  const est = s && s.estimate ? await s.estimate() : {};
  const persisted = s && s.persisted ? await s.persisted() : false;
  return { usage: est.usage ?? null, quota: est.quota ?? null, persisted };
}

// ---------------------------------------------------------------------------------------
// Download.

async function readBody(response, url, total, onProgress, signal) {
  const report = (received, t) => {
    if (!onProgress) return;
    try { onProgress({ received, total: t, fromCache: false }); } catch (e) { console.error('model download progress callback failed:', e); }
  };
  let buf;
  try { buf = new Uint8Array(total > 0 ? total : 1 << 20); } catch { buf = new Uint8Array(1 << 20); }
  let n = 0;
  report(0, total);
  const reader = response.body.getReader();
  try {
    for (;;) {
      let chunk;
      try { chunk = await reader.read(); } catch (e) {
        if (signal?.aborted) throw abortError(url, signal);
        const of = total ? ` of ${formatBytes(total)}` : '';
        throw new ModelStoreError('interrupted',
          `the download of ${url} stopped after ${formatBytes(n)}${of} (the connection was lost: ${e.message}); try again`, { url, received: n, total });
      }
      if (chunk.done) break;
      const v = chunk.value;
      if (n + v.length > buf.length) {
        const grown = new Uint8Array(Math.max(buf.length * 2, n + v.length));
        grown.set(buf.subarray(0, n));
        buf = grown;
      }
      buf.set(v, n);
      n += v.length;
      report(n, total);
    }
  } finally {
    reader.releaseLock();
  }
  if (!total) report(n, n); // the bar ends full when the size was not known beforehand
  return n === buf.length ? buf : buf.slice(0, n);
}

async function download(url, { total: manifestBytes, onProgress, signal, otherVersion }) {
  let response;
  try {
    // no-store: the model goes into our cache, not also into the HTTP cache, and a retry
    // after a bad download really asks the server again. No cookies go to model hosts.
    response = await fetch(url, { cache: 'no-store', credentials: 'omit', mode: 'cors', signal });
  } catch (e) {
    if (signal?.aborted) throw abortError(url, signal);
    // The cache holds a copy that is not the wanted version (the manifest names another).
    const cacheNote = otherVersion
      ? `this browser has another version of the model (SHA-256 ${otherVersion}), not the one asked for`
      : 'the model is not in this browser\'s cache yet';
    if (globalThis.navigator && navigator.onLine === false) {
      throw new ModelStoreError('offline', `no network and ${cacheNote} (${url}); connect to the internet to download it`, { url });
    }
    const host = new URL(url).host;
    throw new ModelStoreError('network',
      `could not download ${url}: ${host} did not answer, or it does not allow downloads from other websites (it must send Access-Control-Allow-Origin); ${cacheNote}`, { url });
  }
  if (!response.ok) {
    const reason = response.statusText || HTTP_REASONS[response.status] || '';
    const hint = HTTP_HINTS[response.status] ? ` (${HTTP_HINTS[response.status]})` : '';
    throw new ModelStoreError('http', `the server answered ${response.status}${reason ? ' ' + reason : ''} for ${url}${hint}`,
      { url, status: response.status });
  }
  // Content-Length counts compressed bytes when the body is encoded; the stream gives
  // decoded bytes, so only a plain Content-Length is a usable total.
  const encoding = (response.headers.get('Content-Encoding') || 'identity').toLowerCase();
  const length = Number(response.headers.get('Content-Length'));
  const total = (encoding === 'identity' && length > 0) ? length : (manifestBytes > 0 ? manifestBytes : null);
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.({ received: bytes.length, total: bytes.length, fromCache: false });
    return bytes;
  }
  return readBody(response, url, total, onProgress, signal);
}

// Fetches a model: from this browser's cache when a good copy is there (no network),
// otherwise from `url`, verified and then cached.
//   model:   { id, url, sha256, bytes } as in the zoo manifest; sha256 may be missing or
//            "unknown", bytes (the expected size) is optional.
//   options: { onProgress({ received, total, fromCache }), signal: AbortSignal,
//              cacheOnly: never download; a model not kept here fails with code 'not-kept' }
// Resolves to { bytes: Uint8Array, sha256, fromCache, pinned, cached, verifiedBy, url, id,
// warning }: verifiedBy is 'sha256' (the manifest's checksum), 'pin' (the hash recorded at
// the first download) or 'first-download' (nothing to compare with; pinned now); pinned says
// whether the hash is now recorded for this URL; cached whether the bytes are in the cache;
// warning is a sentence for the user when the model could not be cached or pinned.
export async function fetchModel(model, { onProgress, signal, cacheOnly = false } = {}) {
  const url = absoluteUrl(model?.url);
  const id = model.id ?? null;
  const expected = normaliseSha(model.sha256, id ?? url);
  const expectedBytes = Number(model.bytes) > 0 ? Number(model.bytes) : null;
  if (signal?.aborted) throw abortError(url, signal);

  const cache = await openCache();
  let pin = await readPin(cache, url);
  const wanted = expected ?? pin?.sha256 ?? null;

  // 1. A cached copy, re-hashed: it must equal what was stored and what is wanted now.
  let otherVersion = null;
  if (cache) {
    const hit = await cache.match(url);
    if (hit) {
      const bytes = new Uint8Array(await hit.arrayBuffer());
      if (signal?.aborted) throw abortError(url, signal);
      const sha256 = await sha256Hex(bytes);
      const intact = sha256 === hit.headers.get(META.sha256);
      if (!intact) await cache.delete(url); // damaged on disk: download again
      if (intact && (!wanted || sha256 === wanted)) {
        if (expected && pin?.sha256 !== expected) pin = await writePin(cache, url, expected, 'manifest', id);
        if (!pin) pin = await writePin(cache, url, sha256, 'first-download', id);
        try { onProgress?.({ received: bytes.length, total: bytes.length, fromCache: true }); } catch (e) { console.error(e); }
        return { bytes, sha256, fromCache: true, pinned: true, cached: true, verifiedBy: expected ? 'sha256' : 'pin', url, id, warning: null };
      }
      // Otherwise the manifest names another version: download it; the old copy stays
      // until the new one has been verified.
      if (intact) otherVersion = sha256;
    }
  }

  if (cacheOnly) {
    throw new ModelStoreError('not-kept', otherVersion
      ? `this browser keeps another version of the model (SHA-256 ${otherVersion}), not the one asked for`
      : `the model ${url} is not kept in this browser`, { url });
  }

  // 2. Download and check.
  const bytes = await download(url, { total: expectedBytes, onProgress, signal, otherVersion });
  if (signal?.aborted) throw abortError(url, signal);
  if (bytes.length === 0) throw new ModelStoreError('not-onnx', `the server sent an empty file for ${url}, not an ONNX model`, { url });
  const other = otherFormat(bytes);
  if (other) throw new ModelStoreError('not-onnx', `${other} (${url})`, { url });
  const sha256 = await sha256Hex(bytes);
  let verifiedBy = 'first-download';
  if (expected) {
    if (sha256 !== expected) {
      throw new ModelStoreError('checksum',
        `the downloaded file does not match the expected checksum (expected ${expected}, got ${sha256}); the download may be corrupt or the file on the server changed`,
        { url, expected, actual: sha256 });
    }
    verifiedBy = 'sha256';
  } else if (pin) {
    if (sha256 !== pin.sha256) {
      throw new ModelStoreError('pin',
        `the downloaded file does not match the checksum recorded when this model was first downloaded${pin.pinnedAt ? ' on ' + String(pin.pinnedAt).slice(0, 10) : ''} (expected ${pin.sha256}, got ${sha256}); the download may be corrupt or the file on the server changed. If the new file is intended, forget the pin and download again.`,
        { url, expected: pin.sha256, actual: sha256 });
    }
    verifiedBy = 'pin';
  } else if (expectedBytes && bytes.length !== expectedBytes) {
    throw new ModelStoreError('size',
      `the download has ${bytes.length} bytes but the model should have ${expectedBytes}; the download may be corrupt or the file on the server changed`,
      { url, expected: expectedBytes, actual: bytes.length });
  }
  checkOnnxBytes(bytes, `the file at ${url}`);

  // 3. Keep it, and record the pin. A full disk is not fatal: the model is in memory.
  let cached = false; let pinned = false; let warning = null;
  if (cache) {
    try {
      await cache.put(url, new Response(bytes, {
        headers: {
          'Content-Type': 'application/octet-stream',
          [META.sha256]: sha256, [META.bytes]: String(bytes.length), [META.stored]: new Date().toISOString(),
          ...(id != null ? { [META.id]: encodeURIComponent(String(id)) } : {}),
        },
      }));
      cached = true;
    } catch (e) {
      warning = `the model could not be kept in this browser's storage (${e.name === 'QuotaExceededError' ? 'not enough space' : e.message}); it will be downloaded again next time`;
    }
    try {
      if (!pin || pin.sha256 !== sha256) pin = await writePin(cache, url, sha256, expected ? 'manifest' : 'first-download', id);
      pinned = true;
    } catch (e) {
      warning ??= `the model's checksum could not be recorded (${e.message})`;
    }
    if (cached) requestPersistentStorage();
  } else {
    warning = 'this browser offers no storage for models here (is the page served over https?); the model will be downloaded again next time';
  }
  return { bytes, sha256, fromCache: false, pinned, cached, verifiedBy, url, id, warning };
}

// The models kept in this browser: [{ url, id, sha256, bytes, storedAt, pinnedSha256 }].
export async function listCachedModels() {
  const cache = await openCache();
  if (!cache) return [];
  const out = [];
  for (const req of await cache.keys()) {
    if (req.url.startsWith(PIN_PREFIX)) continue;
    const r = await cache.match(req);
    if (!r) continue;
    const pin = await readPin(cache, req.url);
    const id = r.headers.get(META.id);
    out.push({
      url: req.url, id: id != null ? decodeURIComponent(id) : null, sha256: r.headers.get(META.sha256),
      bytes: Number(r.headers.get(META.bytes)), storedAt: r.headers.get(META.stored), pinnedSha256: pin?.sha256 ?? null,
    });
  }
  return out;
}

// The recorded pins: [{ url, sha256, source, id, pinnedAt }].
export async function listPins() {
  const cache = await openCache();
  if (!cache) return [];
  const out = [];
  for (const req of await cache.keys()) {
    if (!req.url.startsWith(PIN_PREFIX)) continue;
    const pin = await readPin(cache, decodeURIComponent(req.url.slice(PIN_PREFIX.length)));
    if (pin) out.push(pin);
  }
  return out;
}

// Removes a cached model. Its pin stays (a new download must still match it) unless
// forgetPin is set. Resolves to whether a model was removed.
export async function deleteCachedModel(url, { forgetPin: dropPin = false } = {}) {
  const abs = absoluteUrl(url);
  const cache = await openCache();
  if (!cache) return false;
  const removed = await cache.delete(abs);
  if (dropPin) await cache.delete(pinKey(abs));
  return removed;
}

// Forgets the hash recorded for a URL, so that a changed file can be accepted. Resolves to
// whether there was a pin.
export async function forgetPin(url) {
  const cache = await openCache();
  return cache ? cache.delete(pinKey(absoluteUrl(url))) : false;
}

// Whether a good copy of `url` (with this SHA-256, when given) is kept here, without reading
// it: the stored hash is trusted, fetchModel re-checks the bytes when they are used.
export async function isModelKept(url, sha256) {
  const cache = await openCache();
  if (!cache) return false;
  let abs;
  try { abs = absoluteUrl(url); } catch { return false; }
  const hit = await cache.match(abs);
  return !!hit && (!sha256 || hit.headers.get(META.sha256) === sha256);
}

// Keeps a model file the user picked from disk, under localModelUrl(sha256), and drops the
// local files kept before (only the latest is kept: model files are large). Resolves to
// { kept, url, bytes, warning }; a full disk is not an error, the model just has to be picked
// again after a reload.
export async function keepLocalModel(bytes, { sha256, name } = {}) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const sha = normaliseSha(sha256, name ?? 'the model file') ?? await sha256Hex(data);
  const url = localModelUrl(sha);
  const cache = await openCache();
  if (!cache) return { kept: false, url, bytes: data.length, warning: 'this browser offers no storage for models here' };
  for (const req of await cache.keys()) {
    const key = req.url.startsWith(PIN_PREFIX) ? decodeURIComponent(req.url.slice(PIN_PREFIX.length)) : req.url;
    if (key.startsWith(LOCAL_MODEL_PREFIX) && key !== url) await cache.delete(req);
  }
  try {
    await cache.put(url, new Response(data, {
      headers: {
        'Content-Type': 'application/octet-stream', [META.sha256]: sha, [META.bytes]: String(data.length),
        [META.stored]: new Date().toISOString(), ...(name ? { [META.id]: encodeURIComponent(name) } : {}),
      },
    }));
  } catch (e) {
    return { kept: false, url, bytes: data.length,
      warning: `the model file could not be kept in this browser (${e.name === 'QuotaExceededError' ? 'not enough space' : e.message}); pick it again after a reload` };
  }
  requestPersistentStorage();
  return { kept: true, url, bytes: data.length, warning: null };
}

export { packageStore, keepJson, readKeptJson } from './package-store.js';
