// Model → Open model from URL…, driven through the UI: the address of an ONNX file is typed (or
// pasted) into the window, downloaded through the model store, offered like a local file
// (entry inferred from its metadata), confirmed and run. The choice comes back on the next
// visit from the browser's cache without the network; a 404 says what to do and leaves the
// loaded model in use.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, FIXTURES, clickWidget, launchBrowser, openApp, serveFixtureModel, startServer } from './harness.mjs';

// A query string, as download links often have: the model is still called yolov5n-coco.onnx.
const MODEL_PATH = '/__fixture__/url/yolov5n-coco.onnx?from=e2e';
const IMAGES = ['speciesnet_test/african_elephants.jpg', 'megadetector_test/channel_islands_camera_traps_loc-h500ee07133550_010_643.jpg']
  .map((f) => join(FIXTURES, 'images', f));

let server, browser;
let modelRequests = 0;  // requests that reached the network for the model
before(async () => {
  server = await startServer();
  browser = await launchBrowser(undefined, { serviceWorkers: 'block' });  // routes see every request
  await serveFixtureModel(browser.context, MODEL_PATH);
  browser.context.on('request', (r) => { if (r.url().includes('/__fixture__/url/')) modelRequests++; });
});
after(async () => { await browser.close(); server.close(); });

const modelUrl = () => new URL(MODEL_PATH, server.url).href;
const urlState = (page) => page.evaluate(() => window.wildlife.ui.modelUrl);

async function openUrlWindow(page) {
  await clickWidget(page, 'menu:Model');
  await clickWidget(page, 'item:Open model from URL…');
  // The window opens with the text cursor in the address field; keys or a paste sent before
  // ImGui has given it the keyboard would go nowhere. (Clicking the field here raced the
  // window's first, not yet placed, frame.)
  await page.waitForFunction(() => window.wildlife.ui.modelUrl.open && window.wildlife.ui.modelUrl.editing);
}

async function runImages(page, files) {
  await page.evaluate(() => window.wildlife.clear());
  await page.setInputFiles('#file-input', []);  // the same selection twice would fire no change event
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction((n) => window.wildlife.ui.batch.total === n, files.length);
  await page.evaluate(() => window.wildlife.start());
  await page.evaluate(() => window.wildlife.waitUntilFinished(300000));
  return JSON.parse(await page.evaluate(() => window.wildlife.results('md', { allCandidates: true })));
}

test('a typed URL is downloaded, offered like a local file, confirmed and run', async () => {
  const { page, errors } = await openApp(browser.context, server.url);
  await page.evaluate(() => window.wildlife.setProvider('wasm'));
  await openUrlWindow(page);
  await page.keyboard.type(modelUrl());
  await page.waitForFunction((u) => window.wildlife.ui.modelUrl.text === u, modelUrl());
  await page.screenshot({ path: join(ARTIFACTS, 'model-url.png') });
  await page.keyboard.press('Enter');  // Enter in the field opens, like the Open button
  await clickWidget(page, 'button:Load model', { timeout: 60000 });
  assert.equal((await urlState(page)).open, false);
  await page.waitForFunction(() => window.wildlife.ui.model.state === 'ready', null, { timeout: 120000 });
  assert.match(await page.evaluate(() => window.wildlife.ui.model.message), /yolov5n-coco.*wasm/);
  assert.equal(modelRequests, 1);

  const md = await runImages(page, IMAGES);
  assert.equal(md.images.length, 2);
  for (const image of md.images) assert.equal(image.failure, undefined, image.file);
  const found = md.images.reduce((n, i) => n + i.detections.length, 0);
  console.log(`# ${found} detections in 2 images; detector ${md.info.detector}`);
  assert.ok(found > 0);
  assert.equal(md.info.detector, 'yolov5n-coco.onnx');  // the URL's last segment, no query string
  // The COCO classes (read from the model's metadata) are mapped to animal / person / vehicle.
  assert.deepEqual(Object.values(md.detection_categories).sort(), ['animal', 'person', 'vehicle']);
  const elephants = md.images.find((i) => i.file.endsWith('african_elephants.jpg'));
  assert.ok(elephants.detections.some((d) => md.detection_categories[d.category] === 'animal'));
  assert.deepEqual(errors, []);
});

test('the URL model comes back on the next visit from the browser cache, without the network', async () => {
  const page = browser.context.pages()[0];
  const before = modelRequests;
  await page.reload();
  await page.waitForFunction(() => window.wildlife && window.wildlife.ready === true, null, { timeout: 60000 });
  // The batch was never exported, so it is offered back first; the remembered model follows.
  await page.waitForFunction(() => window.wildlife.ui.session && window.wildlife.ui.session.offer, null, { timeout: 30000 });
  await page.evaluate(() => window.wildlife.session.discard());
  await page.waitForFunction(() => window.wildlife.ui.model.state === 'ready', null, { timeout: 120000 });
  assert.match(await page.evaluate(() => window.wildlife.ui.model.message), /yolov5n-coco/);
  assert.equal(modelRequests, before, 'the remembered model was fetched from the network');
});

test('a 404 or a non-http address says what to do and leaves the loaded model in use', async () => {
  const page = browser.context.pages()[0];
  const serial = await page.evaluate(() => window.wildlife.ui.model.serial);
  await openUrlWindow(page);
  await page.keyboard.type('ftp://example.org/model.onnx');
  await clickWidget(page, 'button:Open URL');
  await page.waitForFunction(() => window.wildlife.ui.modelUrl.error !== '');
  assert.match((await urlState(page)).error, /Only http:\/\/ and https:\/\/ addresses/);

  await clickWidget(page, 'input:Model URL');
  await page.waitForFunction(() => window.wildlife.ui.modelUrl.editing);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  const missing = new URL('/__fixture__/missing/detector.onnx', server.url).href;
  await page.keyboard.type(missing);
  await page.waitForFunction((u) => window.wildlife.ui.modelUrl.text === u, missing);
  await clickWidget(page, 'button:Open URL');
  await page.waitForFunction(() => /404/.test(window.wildlife.ui.modelUrl.error), null, { timeout: 30000 });
  await page.screenshot({ path: join(ARTIFACTS, 'model-url-404.png') });
  const state = await urlState(page);
  console.log(`# 404 message: ${state.error.replace(/\n/g, ' ')}`);
  assert.match(state.error, /Could not open the model: the server answered 404.*address may be out of date/);
  assert.match(state.error, /Check that the address leads to the \.onnx file itself/);
  assert.equal(state.open, true);
  assert.equal(state.downloading, false);
  await clickWidget(page, 'button:Cancel URL');
  await page.waitForFunction(() => !window.wildlife.ui.modelUrl.open);

  const model = await page.evaluate(() => window.wildlife.ui.model);
  assert.equal(model.state, 'ready');
  assert.equal(model.serial, serial);
  const md = await runImages(page, IMAGES.slice(0, 1));
  assert.ok(md.images[0].detections.length > 0);
});

test('a pasted URL (a paste event, and Ctrl+V) opens the same way', async () => {
  // A browser of its own: nothing remembered, nothing cached.
  const other = await launchBrowser(undefined, { serviceWorkers: 'block' });
  try {
    await serveFixtureModel(other.context, MODEL_PATH);
    await other.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const { page, errors } = await openApp(other.context, server.url);
    await page.evaluate(() => window.wildlife.setProvider('wasm'));
    await openUrlWindow(page);
    // A paste without the shortcut (the browser's Edit menu): typed into the field.
    await page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', `${text}\n`);
      document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, modelUrl());
    await page.waitForFunction((u) => window.wildlife.ui.modelUrl.text === u, modelUrl(), { timeout: 5000 });

    // Ctrl+V: the browser's paste event hands the system clipboard's text to ImGui's own paste.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.waitForFunction(() => window.wildlife.ui.modelUrl.text === '');
    await page.evaluate((text) => navigator.clipboard.writeText(text), modelUrl());
    await page.keyboard.press('Control+V');
    await page.waitForFunction((u) => window.wildlife.ui.modelUrl.text === u, modelUrl(), { timeout: 5000 });

    await clickWidget(page, 'button:Open URL');
    await clickWidget(page, 'button:Load model', { timeout: 60000 });
    await page.waitForFunction(() => window.wildlife.ui.model.state === 'ready', null, { timeout: 120000 });
    assert.match(await page.evaluate(() => window.wildlife.ui.model.message), /yolov5n-coco/);
    assert.deepEqual(errors, []);
  } finally {
    await other.close();
  }
});
