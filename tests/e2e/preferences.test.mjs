// Remembered choices and storage failures. The confidence threshold and the provider override
// survive a reload (and a first visit has the defaults); a browser whose storage fails says
// so once, and the batch goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_WEBGPU_FLAGS, ROOT, clickWidget, launchBrowser, openApp, startServer, waitForApp } from './harness.mjs';

const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');

test('the threshold and the provider are remembered across a reload', async () => {
  const server = await startServer();
  const browser = await launchBrowser(NO_WEBGPU_FLAGS);
  try {
    const { page, errors } = await openApp(browser.context, server.url);
    let ui = await page.evaluate(() => window.wildlife.ui);
    assert.equal(ui.provider, 'auto');
    assert.ok(Math.abs(ui.threshold - 0.2) < 1e-6);
    await page.evaluate(() => { window.wildlife.setThreshold(0.37); window.wildlife.setProvider('wasm'); });
    await page.waitForFunction(() => /"wasm"/.test(localStorage.getItem('camtrap-studio.preferences') || ''));
    await page.reload();
    await waitForApp(page);
    ui = await page.evaluate(() => window.wildlife.ui);
    assert.equal(ui.provider, 'wasm');
    assert.ok(Math.abs(ui.threshold - 0.37) < 1e-6, `threshold ${ui.threshold}`);
    assert.deepEqual(errors, []);
  } finally { await browser.close(); server.close(); }
});

test('storage that fails is reported once, and the batch goes on', async () => {
  const server = await startServer();
  const browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' });
  try {
    // As in a browser that refuses IndexedDB (some private windows).
    await browser.context.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { value: { open() { throw new DOMException('refused', 'SecurityError'); } } });
    });
    const model = readFileSync(join(FIXTURES, 'models', 'yolov5n-coco.onnx'));
    await browser.context.route('**/__fixture__/model.onnx', (route) => route.fulfill({ body: model }));
    const entry = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8')).models.find((m) => m.id === 'yolov5n-coco-raw');
    const { page, errors } = await openApp(browser.context, server.url);
    await page.waitForFunction(() => window.wildlife.ui.session.storageProblem !== '');
    const problem = await page.evaluate(() => window.wildlife.ui.session.storageProblem);
    assert.match(problem, /not being kept in this browser.*private window.*batch goes on/);
    await page.evaluate(({ entry }) => window.wildlife.loadModel({ url: '/__fixture__/model.onnx', entry }), { entry });
    await page.setInputFiles('#file-input', [join(FIXTURES, 'images', 'speciesnet_test', 'african_elephants.jpg')]);
    await page.waitForFunction(() => window.wildlife.ui.batch.total === 1);
    await clickWidget(page, 'button:Run detection');
    await page.evaluate(() => window.wildlife.waitUntilFinished(300000));
    assert.equal(await page.evaluate(() => window.wildlife.ui.batch.done), 1);
    assert.equal(await page.evaluate(() => window.wildlife.ui.session.storageProblem), problem, 'the same one message');
    assert.deepEqual(errors, []);
  } finally { await browser.close(); server.close(); }
});
