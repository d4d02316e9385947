// The model store (web/js/model-store.js) in headless Chromium, downloading real fixture
// models from a local HTTP server on another origin (another port), the way the page would
// from Zenodo or GitHub: progress, SHA-256, caching, pins, errors, cancellation and offline
// reuse. The model server counts the requests that reach it, so "served from the cache"
// means no request was made.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ROOT, launchBrowser, startServer, waitForApp } from './harness.mjs';

const FIXTURES = process.env.WL_FIXTURES_DIR ?? join(ROOT, '..', 'shared', 'fixtures');
const modelA = readFileSync(join(FIXTURES, 'models', 'yolov5n-coco.onnx'));
const modelB = readFileSync(join(FIXTURES, 'models', 'yolov5n-coco-dynamic.onnx'));
const sha = (b) => createHash('sha256').update(b).digest('hex');
const shaA = sha(modelA);
const shaB = sha(modelB);
const corrupt = Buffer.from(modelA); corrupt[corrupt.length >> 1] ^= 0xFF;
const truncated = modelA.subarray(0, Math.floor(modelA.length * 0.6));

// --- the model host -------------------------------------------------------------------
const requests = new Map(); // path (with query) -> count
const count = (path) => requests.get(path) ?? 0;
let mutable = modelA; // what /mutable.onnx and /versioned.onnx serve now
let versioned = modelA;
const CORS = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };

function modelServer() {
  const server = createServer((req, res) => {
    requests.set(req.url, count(req.url) + 1);
    const path = new URL(req.url, 'http://x').pathname;
    const send = (body, headers = {}, status = 200) => {
      res.writeHead(status, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length, ...CORS, ...headers });
      res.end(body);
    };
    switch (path) {
      case '/a.onnx': return send(modelA);
      case '/nocorp.onnx': // CORS alone, no Cross-Origin-Resource-Policy
        res.writeHead(200, { 'Content-Length': modelA.length, 'Access-Control-Allow-Origin': '*' });
        return res.end(modelA);
      case '/nocors.onnx': // no CORS headers at all
        res.writeHead(200, { 'Content-Length': modelA.length, 'Cross-Origin-Resource-Policy': 'cross-origin' });
        return res.end(modelA);
      case '/chunked.onnx': { // no Content-Length: chunked transfer encoding
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', ...CORS });
        for (let i = 0; i < modelA.length; i += 100000) res.write(modelA.subarray(i, i + 100000));
        return res.end();
      }
      case '/corrupt.onnx': return send(corrupt);
      case '/truncated.onnx': return send(truncated);
      case '/mutable.onnx': return send(mutable);
      case '/versioned.onnx': return send(versioned);
      case '/page.onnx': return send(Buffer.from('<!DOCTYPE html>\n<html><head><title>Model page</title></head><body>Download</body></html>'), { 'Content-Type': 'text/html' });
      case '/api.onnx': return send(Buffer.from('{"files": [{"key": "md_v5a.0.0.onnx"}]}'), { 'Content-Type': 'application/json' });
      case '/weights.onnx': return send(Buffer.concat([Buffer.from([0x50, 0x4B, 0x03, 0x04]), Buffer.alloc(200)]));
      case '/empty.onnx': return send(Buffer.alloc(0));
      case '/cut.onnx': { // announces the whole file, sends 40% and drops the connection
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': modelA.length, ...CORS });
        res.write(modelA.subarray(0, Math.floor(modelA.length * 0.4)));
        return setTimeout(() => res.socket.destroy(), 200);
      }
      case '/slow.onnx': { // 64 KiB every 100 ms, for cancellation
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': modelA.length, ...CORS });
        let at = 0;
        const timer = setInterval(() => {
          if (at >= modelA.length) { clearInterval(timer); res.end(); return; }
          res.write(modelA.subarray(at, at + 65536)); at += 65536;
        }, 100);
        return res.on('close', () => clearInterval(timer));
      }
      default:
        res.writeHead(404, { 'Content-Type': 'text/plain', ...CORS });
        return res.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// --- the page -------------------------------------------------------------------------
let app; let browser; let models; let page; let M; const pageErrors = [];

// Runs wlModelStore.fetchModel in the page; returns a summary (not the bytes) with the
// progress events and the SHA-256 of the returned bytes computed independently.
async function fetchInPage(model, { abortAfterFirstChunk = false, preAborted = false } = {}) {
  return page.evaluate(async ({ model, abortAfterFirstChunk, preAborted }) => {
    const progress = [];
    const controller = new AbortController();
    if (preAborted) controller.abort();
    const onProgress = (p) => {
      progress.push(p);
      if (abortAfterFirstChunk && p.received > 0) controller.abort();
    };
    try {
      const r = await globalThis.wlModelStore.fetchModel(model, { onProgress, signal: controller.signal });
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', r.bytes));
      const bytesSha = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
      const { bytes, ...rest } = r;
      return { ...rest, length: bytes.length, bytesSha, progress };
    } catch (e) {
      return { error: { code: e.code, name: e.name, message: e.message }, progress };
    }
  }, { model, abortAfterFirstChunk, preAborted });
}

const cachedUrls = () => page.evaluate(async () => (await globalThis.wlModelStore.listCachedModels()).map((m) => m.url));
const pins = () => page.evaluate(async () => globalThis.wlModelStore.listPins());

before(async () => {
  models = await modelServer();
  M = `http://127.0.0.1:${models.address().port}`;
  app = await startServer();
  browser = await launchBrowser();
  page = browser.context.pages()[0] || (await browser.context.newPage());
  page.on('pageerror', (err) => pageErrors.push(String(err)));
});

after(async () => {
  await browser?.close();
  app?.close();
  models?.close(); models?.closeAllConnections();
});

test('first download: streamed with progress up to Content-Length, SHA-256 of the real file, cached and pinned', async () => {
  // A page of the app's origin without the app, so that no service worker exists yet (the
  // next test needs the model cached before the worker first activates).
  await page.goto(app.url + 'about.json');
  await page.evaluate(async () => {
    globalThis.wlModelStore = await import('./js/model-store.js');
    const s = navigator.storage;
    globalThis.persistCalls = 0;
    const persist = s.persist.bind(s);
    s.persist = () => { globalThis.persistCalls++; return persist(); };
    // A cache of an older build, which the service worker deletes when it activates.
    await (await caches.open('camtrap-0000000000000000')).put('/old.js', new Response('old'));
  });
  const r = await fetchInPage({ id: 'yolov5n', url: `${M}/a.onnx` });
  assert.equal(r.error, undefined, r.error?.message);
  assert.equal(r.sha256, shaA);
  assert.equal(r.bytesSha, shaA);
  assert.equal(r.length, modelA.length);
  assert.deepEqual([r.fromCache, r.cached, r.pinned, r.verifiedBy, r.warning], [false, true, true, 'first-download', null]);
  assert.ok(r.progress.length > 3, `only ${r.progress.length} progress events`);
  assert.ok(r.progress.every((p) => p.total === modelA.length && !p.fromCache));
  assert.ok(r.progress.every((p, i) => i === 0 || p.received >= r.progress[i - 1].received), 'progress went backwards');
  assert.equal(r.progress.at(-1).received, modelA.length);
  assert.equal(count('/a.onnx'), 1);

  const listed = await page.evaluate(async () => globalThis.wlModelStore.listCachedModels());
  assert.deepEqual(listed.map(({ storedAt, ...m }) => m),
    [{ url: `${M}/a.onnx`, id: 'yolov5n', sha256: shaA, bytes: modelA.length, pinnedSha256: shaA }]);
  assert.deepEqual((await pins()).map((p) => [p.url, p.sha256, p.source]), [[`${M}/a.onnx`, shaA, 'first-download']]);

  // Persistent storage is requested once, after the first model was stored.
  const persist = await page.evaluate(async () => {
    const granted = await globalThis.wlModelStore.requestPersistentStorage();
    return { granted, calls: globalThis.persistCalls, flag: localStorage.getItem('wl-models-persist-asked') };
  });
  assert.equal(typeof persist.granted, 'boolean');
  assert.equal(persist.calls, 1);
  assert.equal(persist.flag, '1');
});

test('the app exposes the store as wlModelStore; the model cache survives the service worker\'s clean-up; a second fetch makes no request', async () => {
  await page.goto(app.url);
  await waitForApp(page);
  assert.equal(await page.evaluate(() => typeof globalThis.wlModelStore?.fetchModel), 'function');
  // boot.js registers the service worker; on activation it deletes old camtrap-* caches.
  await page.waitForFunction(async () => !(await caches.keys()).includes('camtrap-0000000000000000'), null, { timeout: 60000, polling: 250 });
  const keys = await page.evaluate(() => caches.keys());
  assert.ok(keys.includes('wildlife-models-v1'), `caches: ${keys}`);

  const r = await fetchInPage({ id: 'yolov5n', url: `${M}/a.onnx` });
  assert.equal(r.error, undefined, r.error?.message);
  assert.deepEqual([r.fromCache, r.sha256, r.bytesSha, r.verifiedBy], [true, shaA, shaA, 'pin']);
  assert.deepEqual(r.progress, [{ received: modelA.length, total: modelA.length, fromCache: true }]);
  assert.equal(count('/a.onnx'), 1, 'the second fetch reached the server');
  // With the known checksum it is verified against that.
  const v = await fetchInPage({ id: 'yolov5n', url: `${M}/a.onnx`, sha256: shaA.toUpperCase() });
  assert.deepEqual([v.fromCache, v.verifiedBy], [true, 'sha256']);
  assert.equal(count('/a.onnx'), 1);

  // Persistent storage was asked for on an earlier visit: not again.
  const calls = await page.evaluate(async () => {
    let n = 0; const s = navigator.storage; const persist = s.persist.bind(s);
    s.persist = () => { n++; return persist(); };
    await globalThis.wlModelStore.requestPersistentStorage();
    return n;
  });
  assert.equal(calls, 0);
});

test('no Content-Length: the total comes from the manifest\'s bytes, or the bar ends at the received size', async () => {
  const withBytes = await fetchInPage({ id: 'c1', url: `${M}/chunked.onnx?m=1`, sha256: shaA, bytes: modelA.length });
  assert.equal(withBytes.error, undefined, withBytes.error?.message);
  assert.deepEqual([withBytes.sha256, withBytes.verifiedBy, withBytes.fromCache], [shaA, 'sha256', false]);
  assert.ok(withBytes.progress.every((p) => p.total === modelA.length));
  assert.equal(withBytes.progress.at(-1).received, modelA.length);

  const without = await fetchInPage({ id: 'c2', url: `${M}/chunked.onnx?m=2` });
  assert.equal(without.error, undefined, without.error?.message);
  assert.equal(without.sha256, shaA);
  assert.ok(without.progress.slice(0, -1).every((p) => p.total === null), JSON.stringify(without.progress.slice(0, 3)));
  assert.deepEqual(without.progress.at(-1), { received: modelA.length, total: modelA.length, fromCache: false });
  assert.equal(count('/chunked.onnx?m=1') + count('/chunked.onnx?m=2'), 2);
});

test('a host that sends CORS but no Cross-Origin-Resource-Policy works; one without CORS gets a clear error', async () => {
  const ok = await fetchInPage({ url: `${M}/nocorp.onnx`, sha256: shaA });
  assert.equal(ok.error, undefined, ok.error?.message);
  assert.equal(ok.sha256, shaA);
  const blocked = await fetchInPage({ url: `${M}/nocors.onnx` });
  assert.equal(blocked.error?.code, 'network');
  assert.match(blocked.error.message, /does not allow downloads from other websites \(it must send Access-Control-Allow-Origin\)/);
  assert.equal(count('/nocors.onnx'), 1, 'the request did reach the server; the browser blocked the answer');
  assert.ok(!(await cachedUrls()).includes(`${M}/nocors.onnx`));
});

test('wrong checksum: a clear error and nothing cached or pinned', async () => {
  for (const [path, body] of [['/corrupt.onnx', corrupt], ['/truncated.onnx', truncated]]) {
    const r = await fetchInPage({ id: 'bad', url: M + path, sha256: shaA });
    assert.equal(r.error?.code, 'checksum', path);
    assert.equal(r.error.message,
      `the downloaded file does not match the expected checksum (expected ${shaA}, got ${sha(body)}); the download may be corrupt or the file on the server changed`);
    assert.ok(!(await cachedUrls()).includes(M + path));
    assert.ok(!(await pins()).some((p) => p.url === M + path));
  }
  // Without a checksum a cut-short file is caught by its structure, and not pinned either.
  const r = await fetchInPage({ url: `${M}/truncated.onnx` });
  assert.equal(r.error?.code, 'truncated');
  assert.match(r.error.message, /^the ONNX file ends early .*download it again$/);
  assert.ok(!(await cachedUrls()).includes(`${M}/truncated.onnx`));
  assert.ok(!(await pins()).some((p) => p.url === `${M}/truncated.onnx`));
});

test('pin: a later download with another hash is refused until the pin is forgotten', async () => {
  const url = `${M}/mutable.onnx`;
  mutable = modelA;
  const first = await fetchInPage({ id: 'm', url });
  assert.deepEqual([first.sha256, first.verifiedBy, first.pinned], [shaA, 'first-download', true]);
  assert.equal(await page.evaluate((u) => globalThis.wlModelStore.deleteCachedModel(u), url), true);
  assert.ok(!(await cachedUrls()).includes(url));
  assert.ok((await pins()).some((p) => p.url === url && p.sha256 === shaA), 'deleting the model dropped its pin');

  mutable = modelB; // the file on the server changed
  const refused = await fetchInPage({ id: 'm', url });
  assert.equal(refused.error?.code, 'pin');
  assert.match(refused.error.message, new RegExp(`^the downloaded file does not match the checksum recorded when this model was first downloaded on \\d{4}-\\d\\d-\\d\\d \\(expected ${shaA}, got ${shaB}\\); the download may be corrupt or the file on the server changed`));
  assert.ok(!(await cachedUrls()).includes(url));

  mutable = modelA; // the same file again is accepted, checked against the pin
  const again = await fetchInPage({ id: 'm', url });
  assert.deepEqual([again.sha256, again.verifiedBy, again.fromCache], [shaA, 'pin', false]);

  mutable = modelB;
  assert.equal(await page.evaluate((u) => globalThis.wlModelStore.deleteCachedModel(u, { forgetPin: true }), url), true);
  const accepted = await fetchInPage({ id: 'm', url });
  assert.deepEqual([accepted.sha256, accepted.verifiedBy], [shaB, 'first-download']);
  assert.ok((await pins()).some((p) => p.url === url && p.sha256 === shaB));
  assert.equal(count('/mutable.onnx'), 4);
});

test('a manifest checksum replaces the pin; a failed update keeps the cached model', async () => {
  const url = `${M}/versioned.onnx`;
  versioned = modelA;
  assert.equal((await fetchInPage({ id: 'v', url })).sha256, shaA);

  versioned = corrupt; // the manifest now names version B, but the download is bad
  const bad = await fetchInPage({ id: 'v', url, sha256: shaB });
  assert.equal(bad.error?.code, 'checksum');
  const kept = (await page.evaluate(async () => globalThis.wlModelStore.listCachedModels())).find((m) => m.url === url);
  assert.equal(kept?.sha256, shaA, 'the cached model was lost by a failed update');
  const stillA = await fetchInPage({ id: 'v', url });
  assert.deepEqual([stillA.fromCache, stillA.sha256], [true, shaA]);

  versioned = modelB;
  const updated = await fetchInPage({ id: 'v', url, sha256: shaB });
  assert.deepEqual([updated.fromCache, updated.sha256, updated.verifiedBy], [false, shaB, 'sha256']);
  const entry = (await page.evaluate(async () => globalThis.wlModelStore.listCachedModels())).find((m) => m.url === url);
  assert.deepEqual([entry.sha256, entry.pinnedSha256], [shaB, shaB]);
  assert.equal(count('/versioned.onnx'), 3);
});

test('not an ONNX file: HTML, JSON, ZIP and empty answers get errors that say what they are', async () => {
  const cases = [
    ['/page.onnx', /^this is an HTML page, not an ONNX model \(the address probably leads to a web page/],
    ['/api.onnx', /^this is a JSON document, not an ONNX model/],
    ['/weights.onnx', /^this is a ZIP archive, not an ONNX model \(a PyTorch \.pt checkpoint is also a ZIP archive/],
    ['/empty.onnx', /^the server sent an empty file for .*, not an ONNX model$/],
  ];
  for (const [path, message] of cases) {
    const r = await fetchInPage({ url: M + path, sha256: shaA });
    assert.equal(r.error?.code, 'not-onnx', path);
    assert.match(r.error.message, message);
    assert.ok(!(await cachedUrls()).includes(M + path));
  }
});

test('HTTP errors and interrupted downloads', async () => {
  const missing = await fetchInPage({ url: `${M}/missing.onnx` });
  assert.equal(missing.error?.code, 'http');
  assert.equal(missing.error.message, `the server answered 404 Not Found for ${M}/missing.onnx (the address may be out of date)`);

  const cut = await fetchInPage({ url: `${M}/cut.onnx` });
  assert.equal(cut.error?.code, 'interrupted');
  assert.match(cut.error.message, new RegExp(`^the download of ${M}/cut\\.onnx stopped after [\\d.]+ MiB of 7\\.6 MiB \\(the connection was lost`));
  assert.ok(cut.progress.at(-1).received < modelA.length);
  assert.ok(!(await cachedUrls()).includes(`${M}/cut.onnx`));
});

test('cancellation through an AbortSignal', async () => {
  const r = await fetchInPage({ url: `${M}/slow.onnx` }, { abortAfterFirstChunk: true });
  assert.deepEqual([r.error?.code, r.error?.name], ['aborted', 'AbortError']);
  assert.equal(r.error.message, `the download of ${M}/slow.onnx was cancelled`);
  assert.ok(r.progress.at(-1).received < modelA.length);
  assert.ok(!(await cachedUrls()).includes(`${M}/slow.onnx`));

  const before = count('/slow.onnx?pre');
  const pre = await fetchInPage({ url: `${M}/slow.onnx?pre` }, { preAborted: true });
  assert.equal(pre.error?.code, 'aborted');
  assert.equal(count('/slow.onnx?pre'), before, 'an aborted call still made a request');
});

test('storage estimate counts the cached models', async () => {
  const est = await page.evaluate(() => globalThis.wlModelStore.storageEstimate());
  assert.ok(est.usage >= modelA.length, `usage ${est.usage}`);
  assert.ok(est.quota > est.usage, `quota ${est.quota}`);
  assert.equal(typeof est.persisted, 'boolean');
});

test('offline: with the model server gone, cached models still load (also after a reload); others say why not', async () => {
  models.close(); models.closeAllConnections();
  const before = requests.size;
  await page.reload();
  await waitForApp(page);

  const r = await fetchInPage({ id: 'yolov5n', url: `${M}/a.onnx` });
  assert.equal(r.error, undefined, r.error?.message);
  assert.deepEqual([r.fromCache, r.sha256, r.bytesSha], [true, shaA, shaA]);
  const down = await fetchInPage({ url: `${M}/never.onnx` });
  assert.equal(down.error?.code, 'network');
  assert.match(down.error.message, /127\.0\.0\.1:\d+ did not answer.*the model is not in this browser's cache yet$/);

  await browser.context.setOffline(true);
  try {
    const cached = await fetchInPage({ url: `${M}/chunked.onnx?m=2` });
    assert.deepEqual([cached.fromCache, cached.sha256], [true, shaA]);
    const offline = await fetchInPage({ url: `${M}/never.onnx` });
    assert.equal(offline.error?.code, 'offline');
    assert.match(offline.error.message, /^no network and the model is not in this browser's cache yet/);
    // The cache holds version B of this one; the manifest asks for A.
    const other = await fetchInPage({ url: `${M}/versioned.onnx`, sha256: shaA });
    assert.equal(other.error?.code, 'offline');
    assert.equal(other.error.message, `no network and this browser has another version of the model (SHA-256 ${shaB}), not the one asked for (${M}/versioned.onnx); connect to the internet to download it`);
    assert.deepEqual((await fetchInPage({ url: `${M}/versioned.onnx`, sha256: shaB })).sha256, shaB);
  } finally {
    await browser.context.setOffline(false);
  }
  assert.equal(requests.size, before);
  assert.deepEqual(pageErrors, []);
});
