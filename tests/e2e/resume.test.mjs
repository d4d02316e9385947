// Nothing computed is lost on reload. The fixture batch is interrupted by a page reload after
// ~20 images; the app offers it back, it is resumed through the dialog's button, the model
// comes back from the browser's cache by itself, the finished images are there at once, the
// same files are added again and only the rest is run. The export matches the YOLOv5
// reference exactly as an uninterrupted batch's does (batch_flow.test.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, NO_WEBGPU_FLAGS, ROOT, clickWidget, launchBrowser, openApp, serveFixtureModel, startServer, waitForApp } from './harness.mjs';
import { assertExportMatchesReference } from '../support/parity.mjs';

const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference', 'yolov5n', 'all.json'), 'utf8'));
const entry = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'))
  .models.find((m) => m.id === 'yolov5n-coco-raw');
const MODEL_PATH = '/__fixture__/yolov5n-coco.onnx';
const files = reference.images.map((i) => join(FIXTURES, 'images', i.file));

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' });
  await serveFixtureModel(browser.context, MODEL_PATH);
});
after(async () => { await browser.close(); server.close(); });

test('a batch interrupted by a reload is resumed: finished images are kept and not run again', async () => {
  const { page, errors } = await openApp(browser.context, server.url);
  await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry }), { url: MODEL_PATH, entry });
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction((n) => window.wildlife.ui.batch.total === n, files.length);
  await clickWidget(page, 'button:Run detection');
  await page.waitForFunction(() => window.wildlife.ui.batch.done >= 20, null, { timeout: 600000 });
  const stored = await page.evaluate(() => window.wildlife.session.flush());
  console.log(`# stored before the reload: ${stored.recordsWritten} images, ` +
    `${Math.round(stored.recordBytes / stored.recordsWritten)} bytes per image record, ${stored.bytesWritten} bytes in all`);

  await page.reload();
  await waitForApp(page);
  const offer = await (await page.waitForFunction(() => window.wildlife.ui.session.offer, null, { timeout: 30000 })).jsonValue();
  console.log(`# offer: ${offer.title}`);
  assert.equal(offer.total, files.length);
  assert.ok(offer.done >= stored.recordsWritten, `${offer.done} offered, ${stored.recordsWritten} stored`);
  assert.ok(offer.done < files.length);
  assert.equal(offer.modelKept, true);
  await page.screenshot({ path: join(ARTIFACTS, 'resume-offer.png') });

  // Count the engine's runs from now on.
  await page.evaluate(() => {
    window.__runs = 0;
    const run = globalThis.wlOrt.run.bind(globalThis.wlOrt);
    globalThis.wlOrt.run = (...args) => { window.__runs++; return run(...args); };
  });
  await clickWidget(page, 'button:Resume previous batch');
  await page.waitForFunction((n) => window.wildlife.ui.session.phase === 'idle' && window.wildlife.ui.batch.done === n,
    offer.done, { timeout: 30000 });
  // Visible and exportable at once, before any file is added or the model is back.
  const restored = JSON.parse(await page.evaluate(() => window.wildlife.results('md', { allCandidates: true })));
  assert.equal(restored.images.length, offer.done);
  const ui = await page.evaluate(() => window.wildlife.ui);
  assert.equal(ui.batch.withoutFile, files.length);
  assert.equal(ui.batch.needFiles, files.length - offer.done);
  console.log(`# restored ${offer.done} images in ${ui.session.restoreMs.toFixed(0)} ms (read + decode + list)`);
  await page.waitForFunction(() => window.wildlife.ui.model.state === 'ready', null, { timeout: 120000 });

  await page.setInputFiles('#file-input', files);
  await page.waitForFunction(() => window.wildlife.ui.batch.withoutFile === 0, null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.wildlife.ui.batch.total), files.length, 'matched, not added twice');
  await clickWidget(page, 'button:Run detection');
  await page.evaluate(() => window.wildlife.waitUntilFinished(900000));

  const progress = await page.evaluate(() => window.wildlife.progress());
  assert.equal(progress.done, files.length);
  const runs = await page.evaluate(() => window.__runs);
  // The reference lists every candidate: Export → All candidates first.
  await clickWidget(page, 'menu:Export');
  await clickWidget(page, 'item:All candidates');
  const downloadPromise = page.waitForEvent('download');
  await clickWidget(page, 'menu:Export');
  await clickWidget(page, 'item:MegaDetector JSON (Timelapse)…');
  const ours = JSON.parse(readFileSync(await (await downloadPromise).path(), 'utf8'));
  assert.equal(ours.images.length, files.length);
  // Images that could not be decoded never reach the engine.
  const restoredFiles = new Set(restored.images.map((i) => i.file));
  const failedAfter = ours.images.filter((i) => i.failure && !restoredFiles.has(i.file)).length;
  console.log(`# after resuming: ${runs} inference runs for ${files.length - offer.done} images left`);
  assert.equal(runs, files.length - offer.done - failedAfter);
  assert.equal(progress.processed, runs);

  const stats = assertExportMatchesReference(ours, reference, assert);
  console.log(`# parity after resume: ${stats.matched}/${stats.reference} matched, ${stats.extra.length} extra`);
  // The export was made: a reload now offers nothing.
  await page.evaluate(() => window.wildlife.session.flush());
  await page.reload();
  await waitForApp(page);
  await page.waitForFunction(() => window.wildlife.ui.session.phase === 'idle');
  assert.equal(await page.evaluate(() => window.wildlife.ui.session.offer), null);
  assert.deepEqual(errors, []);
});
