// One long batch in the real page, with the memory it holds measured along the way: the page's
// JS heap after a forced collection (CDP), the app module's wasm memory (malloc's bytes in
// use, and the heap's size), the browser's own measure of the page and its workers
// (performance.measureUserAgentSpecificMemory, where offered), and what the stored batch
// takes (the store's bytes written, and navigator.storage.estimate()). Used by the 500-image
// e2e test (tests/e2e/batch_memory.test.mjs) and the 10,000-image benchmark
// (scripts/bench-memory.mjs).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ARTIFACTS, FIXTURES, NO_WEBGPU_FLAGS, ROOT, clickWidget, launchBrowser, openApp, startServer } from '../e2e/harness.mjs';
import { constantOutputModel } from '../node/tiny-onnx.mjs';
import { photoFolder, photoPool } from './photo-pool.mjs';

const manifest = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'));
const entry = manifest.models.find((m) => m.id === 'yolov5n-coco-raw');

// The detector: the real YOLOv5n fixture, or ('constant') a model of the same input and output
// whose output is two fixed detections (an elephant and a person), which takes a millisecond:
// everything else (decoding up to 20 MP, letterbox, decoding the output, NMS, records,
// thumbnails, storage) runs as with any model, and a long batch takes minutes, not hours.
function detectorBytes(model) {
  if (model === 'yolov5n') return readFileSync(join(FIXTURES, 'models', 'yolov5n-coco.onnx'));
  const row = (cx, cy, w, h, cls) => { const r = new Array(85).fill(0); r.splice(0, 5, cx, cy, w, h, 0.875); r[5 + cls] = 1; return r; };
  return constantOutputModel({ dims: [1, 2, 85], values: [...row(320, 320, 200, 150, 20), ...row(100, 400, 50, 120, 0)] });
}

async function measure(page, cdp, { browserMeasure = true } = {}) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const page_ = await page.evaluate(async (withBrowserMeasure) => {
    const flushed = await window.wildlife.session.flush();
    const estimate = navigator.storage && navigator.storage.estimate ? await navigator.storage.estimate() : {};
    let browser = null;
    if (withBrowserMeasure && self.crossOriginIsolated && performance.measureUserAgentSpecificMemory) {
      browser = await Promise.race([
        performance.measureUserAgentSpecificMemory().then((m) => m.bytes),
        new Promise((resolve) => setTimeout(() => resolve(null), 30000)),
      ]);
    }
    return { done: window.wildlife.ui.batch.done, ...window.wildlife.memory(), storedBytes: flushed.bytesWritten,
      records: flushed.recordsWritten, recordBytes: flushed.recordBytes, headers: flushed.headersWritten,
      storageUsage: estimate.usage ?? null, browser };
  }, browserMeasure);
  return { js: usedSize, ...page_ };
}

// Until no image has finished for a second.
async function settle(page) {
  let last = -1;
  for (;;) {
    const done = await page.evaluate(() => window.wildlife.ui.batch.done);
    if (done === last) return;
    last = done;
    await page.waitForTimeout(1000);
  }
}

// -> { early, end, samples, seconds, progress, errors, pixels }
export async function runMemoryBatch({ count, early, samples = 0, model = 'constant', cacheDir = join(ROOT, 'build', 'photo-pool'), log = () => {} }) {
  const server = await startServer();
  const browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' });
  try {
    const pool = photoPool(FIXTURES, cacheDir);
    const folder = photoFolder(pool, count, join(cacheDir, `batch-${count}`));
    const page = browser.context.pages()[0] || (await browser.context.newPage());
    const { errors } = await openApp(browser.context, server.url);
    await page.evaluate(({ b64, entry }) => window.wildlife.loadModel({
      bytes: Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), entry, fileName: 'detector.onnx' }),
    { b64: detectorBytes(model).toString('base64'), entry });
    const cdp = await page.context().newCDPSession(page);
    await page.setInputFiles('#file-input', folder.files);
    await page.waitForFunction((n) => window.wildlife.ui.batch.total === n, count, { timeout: 300000 });
    const before = await measure(page, cdp, { browserMeasure: false });
    const t0 = performance.now();
    await clickWidget(page, 'button:Run detection');
    const points = [...new Set([early, ...Array.from({ length: samples }, (_, i) => Math.round(((i + 1) * count) / (samples + 1)))])]
      .filter((n) => n < count).sort((a, b) => a - b);
    const taken = [];
    for (const n of points) {
      await page.waitForFunction((target) => window.wildlife.ui.batch.done >= target, n, { timeout: 0, polling: 200 });
      // Measured at rest, as the end is: paused, with the images already started finished.
      await page.evaluate(() => window.wildlife.pause());
      await settle(page);
      const m = await measure(page, cdp);
      await page.evaluate(() => window.wildlife.resume());
      taken.push(m);
      log(`after image ${m.done}: JS heap ${(m.js / 1e6).toFixed(1)} MB, wasm in use ${(m.wasmInUseBytes / 1e6).toFixed(1)} MB ` +
        `(heap ${(m.wasmHeapBytes / 1e6).toFixed(0)} MB), stored ${(m.storedBytes / 1e6).toFixed(2)} MB ` +
        `(${m.records} records, ${(m.recordBytes / Math.max(1, m.records)).toFixed(0)} bytes each; ${m.headers} headers)` +
        (m.browser ? `, page and workers ${(m.browser / 1e6).toFixed(0)} MB` : '') +
        `, ${(m.done / ((performance.now() - t0) / 1000)).toFixed(2)} images/s`);
    }
    await page.evaluate(() => window.wildlife.waitUntilFinished(24 * 3600 * 1000));
    const seconds = (performance.now() - t0) / 1000;
    const end = await measure(page, cdp);
    log(`after image ${end.done}: JS heap ${(end.js / 1e6).toFixed(1)} MB, wasm in use ${(end.wasmInUseBytes / 1e6).toFixed(1)} MB ` +
      `(heap ${(end.wasmHeapBytes / 1e6).toFixed(0)} MB), stored ${(end.storedBytes / 1e6).toFixed(2)} MB ` +
      `(${end.records} records, ${(end.recordBytes / Math.max(1, end.records)).toFixed(0)} bytes each; ${end.headers} headers)` +
      (end.browser ? `, page and workers ${(end.browser / 1e6).toFixed(0)} MB` : ''));
    const progress = await page.evaluate(() => window.wildlife.progress());
    await page.screenshot({ path: join(ARTIFACTS, `batch-memory-${count}.png`) });
    return { before, early: taken[0], samples: taken, end, seconds, progress, errors, pixels: folder.pixels };
  } finally {
    await browser.close();
    server.close();
  }
}
