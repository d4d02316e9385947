// Memory over a batch of 50 clips stays flat: the page's JS heap (after a forced collection,
// through CDP) and the app module's wasm memory in use (malloc's count; the heap's size grows in
// 20% steps, so it is reported, not checked) after clip 50 are within 10% of what they were
// after clip 5. Each clip is a real camera-trap clip (106x60, 18 fps, 30 s), two frames of each
// analysed (Model → Video frames → Frames per clip at most, typed), so the run is short.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, NO_WEBGPU_FLAGS, ROOT, clickWidget, launchBrowser, openApp, serveFixtureModel, startServer, typeIntoSlider } from './harness.mjs';

const manifest = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'));
const entry = manifest.models.find((m) => m.id === 'yolov5n-coco-raw');
const MODEL_PATH = '/__fixture__/yolov5n-coco.onnx';
const CLIP = readFileSync(join(FIXTURES, 'videos', 'zamba_fixtures', 'grumeti_09100029_Eland_106x60_30fps.MP4'));
const COUNT = 50;

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' }); });
after(async () => { await browser.close(); server.close(); });

async function heaps(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { wasmHeapBytes, wasmInUseBytes } = await page.evaluate(() => window.wildlife.memory());
  return { js: usedSize, wasm: wasmInUseBytes, wasmHeap: wasmHeapBytes };
}

test(`memory stays flat over ${COUNT} clips`, async () => {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  await serveFixtureModel(page, MODEL_PATH);
  const { errors } = await openApp(browser.context, server.url);
  await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry }), { url: MODEL_PATH, entry });
  const cdp = await page.context().newCDPSession(page);

  // Two frames per clip: Ctrl+click on the slider makes it a text field, as a person would type.
  await clickWidget(page, 'menu:Model');
  await clickWidget(page, 'menu:Video frames');
  await page.waitForFunction(() => window.wildlife.ui.widgets['slider:Frames per clip'], null, { timeout: 10000 });
  await page.waitForTimeout(200);  // the menu is placed over its first frames
  await typeIntoSlider(page, 'slider:Frames per clip', 2);
  await page.waitForFunction(() => window.wildlife.ui.video.maxFrames === 2, null, { timeout: 10000 });
  await page.keyboard.press('Escape');
  await page.mouse.click(5, 400);

  await page.setInputFiles('#file-input', Array.from({ length: COUNT }, (_, i) => ({
    name: `clip${String(i).padStart(3, '0')}.MP4`, mimeType: 'video/mp4', buffer: CLIP })));
  await page.waitForFunction((n) => window.wildlife.ui.batch.total === n, COUNT);
  await clickWidget(page, 'button:Run detection');
  await page.waitForFunction(() => window.wildlife.ui.batch.done >= 5, null, { timeout: 300000 });
  const at5 = await heaps(page, cdp);
  await page.evaluate(() => window.wildlife.waitUntilFinished(600000));
  const at50 = await heaps(page, cdp);
  const p = await page.evaluate(() => window.wildlife.progress());
  const mb = (b) => (b / 1e6).toFixed(1);
  console.log(`# after clip 5: JS heap ${mb(at5.js)} MB, wasm in use ${mb(at5.wasm)} MB (heap ${mb(at5.wasmHeap)} MB); ` +
    `after clip ${COUNT}: JS heap ${mb(at50.js)} MB, wasm in use ${mb(at50.wasm)} MB (heap ${mb(at50.wasmHeap)} MB)`);
  assert.equal(p.done, COUNT);
  assert.equal(p.failed, 0);
  assert.equal(p.framesDone, 2 * COUNT);
  assert.ok(at50.js <= at5.js * 1.1, `JS heap ${at5.js} -> ${at50.js}`);
  assert.ok(at50.wasm <= at5.wasm * 1.1, `wasm in use ${at5.wasm} -> ${at50.wasm}`);
  assert.deepEqual(errors, []);
});
