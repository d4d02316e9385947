// SPARROW model-zoo packages: downloading, checking and unpacking the ZIPs Microsoft publishes on
// Zenodo (one per model, "<domain>__<task>__<id>.zip", unpacking to "<id>/manifest.toml",
// "<id>/model.onnx", "<id>/labels.txt"). The same module runs in the page and in the headless
// runner under Node; only the store differs (Cache Storage there, a folder here).
//
// Why it is shaped this way:
//   - The ZIP is never held whole. Its bytes stream from the network into the MD5 and into the
//     unzipper at once, so a 1.2 GB package costs its unpacked files once, not three times.
//   - The MD5 is Zenodo's own checksum, from /api/records/<record> (the one address besides the
//     file that sends CORS headers). A package whose MD5 differs is refused and nothing is kept.
//   - Zenodo's /api/.../content address ignores byte ranges, so an interrupted download cannot
//     resume: it starts again (the caller offers a retry).
//   - Only the unpacked files are kept, never the ZIP. The package's index is written last, so
//     a package is either complete in the store or absent.
//   - The manifest is read by the C++ core (toml++): this module hands back the text files and
//     where each .onnx file is kept; it parses no TOML itself.
import { Unzip, UnzipInflate } from 'fflate';
import { createMD5, createSHA256 } from 'hash-wasm';
import { packageFileKey } from './package-keys.js';

export { packageFileKey };

export class PackageError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = code === 'aborted' ? 'AbortError' : 'PackageError';
    this.code = code;
    Object.assign(this, details);
  }
}

const trimBase = (base) => String(base ?? '').replace(/\/+$/, '');
export const recordUrl = (base, record) => `${trimBase(base)}/api/records/${encodeURIComponent(record)}`;
export const contentUrl = (base, record, zip) => `${recordUrl(base, record)}/files/${encodeURIComponent(zip)}/content`;
export const pageUrl = (base, record, zip) => `${trimBase(base)}/records/${encodeURIComponent(record)}/files/${encodeURIComponent(zip)}`;

// SHA-256 of an unpacked model, fed in slices: WebCrypto's one-shot digest would copy a large
// model once more.
async function sha256Hex(bytes) {
  const h = await createSHA256();
  h.init();
  for (let at = 0; at < bytes.length; at += 8 << 20) h.update(bytes.subarray(at, Math.min(bytes.length, at + (8 << 20))));
  return h.digest('hex');
}

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '? bytes';
  if (n < 1000) return `${n} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1000; let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${v.toFixed(1)} ${units[i]}`;
}

// The record's file list: { zip: { size, md5 } }. Zenodo's current API gives files[] with key,
// size and checksum "md5:<hex>"; older answers used filename / filesize.
export function parseRecordFiles(json) {
  const out = {};
  for (const f of json?.files ?? []) {
    const key = f.key ?? f.filename;
    const checksum = String(f.checksum ?? '');
    if (!key) continue;
    out[key] = { size: Number(f.size ?? f.filesize) || null, md5: checksum.startsWith('md5:') ? checksum.slice(4).toLowerCase() : (/^[0-9a-f]{32}$/i.test(checksum) ? checksum.toLowerCase() : null) };
  }
  return out;
}

function abortError(what, signal) {
  const why = signal?.reason instanceof Error && signal.reason.name !== 'AbortError' ? ` (${signal.reason.message})` : '';
  return new PackageError('aborted', `the download of ${what} was cancelled${why}`);
}

// Fetches the record's JSON (sizes and MD5s of every package).
export async function fetchRecord(base, record, { fetchImpl = globalThis.fetch, signal } = {}) {
  const url = recordUrl(base, record);
  let r;
  try {
    r = await fetchImpl(url, { cache: 'no-store', credentials: 'omit', mode: 'cors', signal });
  } catch (e) {
    if (signal?.aborted) throw abortError(url, signal);
    throw new PackageError('network', `could not read the model zoo's file list (${url}): the host did not answer, or it does not allow this page to read it (no CORS header)`, { url });
  }
  if (!r.ok) throw new PackageError('http', `the model zoo's file list answered ${r.status} (${url})`, { url, status: r.status });
  let json;
  try { json = await r.json(); } catch { throw new PackageError('record', `the model zoo's file list (${url}) is not JSON`, { url }); }
  return { url, json, files: parseRecordFiles(json) };
}

// Unpacks a ZIP that arrives as chunks. feed(chunk) for each, then finish(). Files are collected
// into one buffer each (allocated once when the ZIP's header gives the size). Only names under
// one top folder are kept, with that folder stripped ("MDV5a/manifest.toml" -> "manifest.toml").
export function createUnpacker(maxFiles = 64) {
  const files = new Map();  // name -> { parts, length, buf, done }
  let error = null;
  const unzip = new Unzip((file) => {
    if (error) return;
    if (file.name.endsWith('/')) return;  // a folder entry
    if (files.size >= maxFiles) { error = new PackageError('zip', `the package holds more than ${maxFiles} files; it is not a SPARROW model package`); return; }
    const entry = { parts: [], length: 0, buf: null, done: false };
    try { if (file.originalSize > 0) entry.buf = new Uint8Array(file.originalSize); } catch { entry.buf = null; }
    files.set(file.name, entry);
    file.ondata = (err, data, final) => {
      if (err) { error ??= new PackageError('zip', `the package is damaged (${file.name}: ${err.message})`); return; }
      if (entry.buf && entry.length + data.length <= entry.buf.length) entry.buf.set(data, entry.length);
      else { if (entry.buf) { entry.parts.push(entry.buf.subarray(0, entry.length)); entry.buf = null; } entry.parts.push(data); }
      entry.length += data.length;
      if (final) entry.done = true;
    };
    try { file.start(); } catch (e) { error ??= new PackageError('zip', `the package uses a compression this app cannot read (${file.name}: ${e.message})`); }
  });
  unzip.register(UnzipInflate);
  return {
    feed(chunk) { if (!error) { try { unzip.push(chunk, false); } catch (e) { error = new PackageError('zip', `this is not a ZIP package, or it is damaged (${e.message})`); } } },
    finish() {
      if (!error) { try { unzip.push(new Uint8Array(0), true); } catch (e) { error = new PackageError('zip', `this is not a ZIP package, or it is damaged (${e.message})`); } }
      if (error) throw error;
      if (files.size === 0) throw new PackageError('zip', 'this is not a ZIP package (no files were found in it)');
      const out = new Map();
      for (const [name, e] of files) {
        if (!e.done) throw new PackageError('zip', `the package ends early (${name} is incomplete); download it again`);
        let bytes;
        if (e.buf) bytes = e.length === e.buf.length ? e.buf : e.buf.subarray(0, e.length);
        else { bytes = new Uint8Array(e.length); let at = 0; for (const p of e.parts) { bytes.set(p, at); at += p.length; } }
        out.set(name, bytes);
      }
      return stripTopFolder(out);
    },
  };
}

function stripTopFolder(files) {
  const names = [...files.keys()];
  const tops = new Set(names.map((n) => (n.includes('/') ? n.slice(0, n.indexOf('/')) : '')));
  if (tops.size !== 1 || tops.has('')) {
    // Not the "<id>/..." layout: accept a flat ZIP that still has a manifest.
    if (!files.has('manifest.toml')) throw new PackageError('layout', 'the ZIP has no manifest.toml: it is not a SPARROW model package (expected <id>/manifest.toml, <id>/model.onnx)');
    return { folder: '', files };
  }
  const folder = [...tops][0];
  const out = new Map();
  for (const [n, b] of files) out.set(n.slice(folder.length + 1), b);
  if (!out.has('manifest.toml')) throw new PackageError('layout', `the ZIP has no ${folder}/manifest.toml: it is not a SPARROW model package`);
  return { folder, files: out };
}

const TEXT_LIMIT = 8 << 20;  // labels and manifests are small; anything larger is not text we read
const utf8 = new TextDecoder('utf-8');

// Splits unpacked files into what the C++ side reads (text) and model files (kept, not read).
async function describe(files) {
  const texts = {}; const models = [];
  for (const [name, bytes] of files) {
    if (/\.onnx$/i.test(name)) models.push({ path: name, bytes, size: bytes.length, sha256: await sha256Hex(bytes) });
    else if (bytes.length <= TEXT_LIMIT && /\.(toml|txt|csv|json|md)$/i.test(name)) texts[name] = utf8.decode(bytes);
  }
  if (!models.length) throw new PackageError('layout', 'the package holds no .onnx model file');
  return { texts, models };
}

// Reads a whole byte stream (a ReadableStream of Uint8Array) into the unpacker and the MD5.
async function consume(stream, { md5, unpacker, total, onProgress, signal, what }) {
  const reader = stream.getReader();
  let received = 0;
  const report = () => { try { onProgress?.({ received, total, fromCache: false }); } catch (e) { console.error(e); } };
  report();
  try {
    for (;;) {
      let r;
      try { r = await reader.read(); } catch (e) {
        if (signal?.aborted) throw abortError(what, signal);
        throw new PackageError('interrupted', `the download of ${what} stopped after ${formatBytes(received)}${total ? ' of ' + formatBytes(total) : ''} (${e.message}); it starts again from the beginning when you retry`, { received, total });
      }
      if (r.done) break;
      md5?.update(r.value);
      unpacker.feed(r.value);
      received += r.value.length;
      report();
    }
  } finally { reader.releaseLock?.(); }
  return received;
}

// Downloads one package, verifies its MD5 and unpacks it.
//   pkg: { id, record, zip, md5?, size? } (md5/size from the record when not given)
//   options: { base, store, fetchImpl, onProgress({received,total}), signal, record: {files} }
// Resolves to { id, key, texts, models: [{ path, key, sha256, size }], fromCache, md5, verifiedBy }.
// With a store, a kept package is returned without any request (offline starts).
export async function fetchPackage(pkg, { base, store = null, fetchImpl = globalThis.fetch, onProgress, signal, recordFiles = null, cacheOnly = false } = {}) {
  const key = contentUrl(base, pkg.record, pkg.zip);
  const kept = store ? await store.readIndex(key) : null;
  if (kept) {
    try { onProgress?.({ received: kept.size ?? 0, total: kept.size ?? 0, fromCache: true }); } catch (e) { console.error(e); }
    return { ...kept, fromCache: true };
  }
  if (cacheOnly) throw new PackageError('not-kept', `the model ${pkg.id} is not kept here`);
  let md5Wanted = pkg.md5 ?? null; let size = pkg.size ?? null;
  if (!md5Wanted) {
    const files = recordFiles ?? (await fetchRecord(base, pkg.record, { fetchImpl, signal })).files;
    const f = files[pkg.zip];
    if (!f) throw new PackageError('record', `the model zoo's record ${pkg.record} does not list ${pkg.zip}; the catalogue and the record disagree`);
    md5Wanted = f.md5; size ??= f.size;
  }
  if (!md5Wanted) throw new PackageError('record', `the model zoo's record gives no MD5 for ${pkg.zip}, so the download could not be checked`);
  let response;
  try {
    response = await fetchImpl(key, { cache: 'no-store', credentials: 'omit', mode: 'cors', signal });
  } catch (e) {
    if (signal?.aborted) throw abortError(pkg.id, signal);
    const manual = pageUrl(base, pkg.record, pkg.zip);
    throw new PackageError('network',
      `could not download ${pkg.id}: the host did not answer, or it does not let this page download the file (no CORS header). ` +
      `Download ${pkg.zip} yourself from ${manual} and open it here with Model → Open model file (ONNX or package)…, or drop it on the page.`,
      { url: key, manualUrl: manual });
  }
  if (!response.ok) {
    throw new PackageError('http', `the model zoo answered ${response.status} for ${pkg.zip}${response.status === 404 ? ' (the record may have moved to a newer version)' : ''}`, { url: key, status: response.status });
  }
  const length = Number(response.headers.get('Content-Length'));
  const total = length > 0 && (response.headers.get('Content-Encoding') ?? 'identity') === 'identity' ? length : size;
  const md5 = await createMD5();
  md5.init();
  const unpacker = createUnpacker();
  await consume(response.body, { md5, unpacker, total, onProgress, signal, what: pkg.id });
  if (signal?.aborted) throw abortError(pkg.id, signal);
  const got = md5.digest('hex');
  if (got !== md5Wanted.toLowerCase()) {
    throw new PackageError('checksum', `the download of ${pkg.id} does not match the zoo's MD5 checksum (expected ${md5Wanted}, got ${got}); it may be corrupt or the file changed. Nothing was kept; try again.`, { expected: md5Wanted, actual: got });
  }
  const { folder, files } = unpacker.finish();
  const { texts, models } = await describe(files);
  const index = { id: pkg.id, folder, key, md5: got, size: total ?? null, record: pkg.record, zip: pkg.zip, texts, models: models.map((m) => ({ path: m.path, key: packageFileKey(key, m.path), sha256: m.sha256, size: m.size })), storedAt: new Date().toISOString() };
  let warning = null;
  if (store) {
    try { await store.write(key, index, models); } catch (e) { warning = `the model could not be kept (${e.name === 'QuotaExceededError' ? 'not enough space' : e.message}); it will be downloaded again next time`; }
  }
  return { ...index, fromCache: false, verifiedBy: 'md5', warning, bytesOf: new Map(models.map((m) => [m.path, m.bytes])) };
}

// Unpacks a package the user opened from disk (a File, Blob or bytes). No MD5 to check against:
// the caller shows the SHA-256 of the model it loads.
export async function unpackLocalPackage(source) {
  const unpacker = createUnpacker();
  if (source instanceof Uint8Array) unpacker.feed(source);
  else {
    const reader = source.stream().getReader();
    for (;;) { const r = await reader.read(); if (r.done) break; unpacker.feed(r.value); }
  }
  const { folder, files } = unpacker.finish();
  const { texts, models } = await describe(files);
  return { id: folder, folder, texts, models };
}
