// Images are decoded and preprocessed in a Web Worker (web/js/prepare-service.js and
// prepare-worker.js), not in the frame loop. What goes wrong there must cost one image, never
// the batch: a file that is not an image, the worker's module aborting on an image, and the
// worker dying with an uncaught error each fail that image with a message, and the images
// after them are still detected (by a fresh worker where the old one died).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_WEBGPU_FLAGS, ROOT, launchBrowser, openApp, serveFixtureModel, startServer } from './harness.mjs';

const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');
const manifest = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'));
const entry = manifest.models.find((m) => m.id === 'yolov5n-coco');
const MODEL_PATH = '/__fixture__/yolov5n-coco.onnx';
const photo = (p) => readFileSync(join(FIXTURES, 'images', p));

// The real worker script, with test faults added after it: a file whose name starts with
// "uncaught" throws out of the message handler (the worker's error event), and one whose bytes
// start with "ABORT" makes the module's call throw, as an Emscripten abort would.
const WORKER_WITH_FAULTS = readFileSync(join(ROOT, 'web', 'js', 'prepare-worker.js'), 'utf8') + `
;(() => {
  const real = self.onmessage;
  self.onmessage = (e) => {
    if (e.data.file && e.data.file.name.startsWith('uncaught')) throw new Error('simulated uncaught error');
    real(e);
  };
  ready = ready.then((M) => {
    // Emscripten's export stub replaces itself on its first call, so the fault sits in a
    // property that ignores being set.
    const run = M._wl_prepare_run;
    const faulty = (data, length, spec) => {
      if (String.fromCharCode(...M.HEAPU8.subarray(data, data + 5)) === 'ABORT') throw new Error('simulated abort');
      return run(data, length, spec);
    };
    Object.defineProperty(M, '_wl_prepare_run', { get: () => faulty, set: () => {} });
    return M;
  });
})();
`;

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' }); });
after(async () => { await browser.close(); server.close(); });

test('a non-image, an aborting decode and a dying worker each fail one image; the batch goes on', async () => {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  await serveFixtureModel(page, MODEL_PATH);
  await page.route('**/js/prepare-worker.js', (route) =>
    route.fulfill({ body: WORKER_WITH_FAULTS, contentType: 'text/javascript',
      headers: { 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' } }));
  const { errors } = await openApp(browser.context, server.url);
  await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry }), { url: MODEL_PATH, entry });

  const files = [
    { name: 'uncaught.jpg', mimeType: 'image/jpeg', buffer: photo('speciesnet_test/african_elephants_bw.jpg') },
    { name: 'elephants.jpg', mimeType: 'image/jpeg', buffer: photo('speciesnet_test/african_elephants.jpg') },
    { name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('these are field notes, not a photo\n') },
    { name: 'aborts.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('ABORT and some more bytes') },
    { name: 'bw.jpg', mimeType: 'image/jpeg', buffer: photo('speciesnet_test/african_elephants_bw.jpg') },
  ];
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction((n) => window.wildlife.ui.batch && window.wildlife.ui.batch.total === n, files.length);
  await page.evaluate(() => window.wildlife.start());
  await page.evaluate(() => window.wildlife.waitUntilFinished(300000));

  const progress = await page.evaluate(() => window.wildlife.progress());
  assert.equal(progress.done, files.length);
  assert.equal(progress.failed, 3);
  const results = JSON.parse(await page.evaluate(() => window.wildlife.results('md', { allCandidates: true })));
  const byName = new Map(results.images.map((i) => [i.file, i]));
  assert.match(byName.get('uncaught.jpg').failure, /image decoder stopped while working on this image.*simulated uncaught error/);
  assert.match(byName.get('aborts.jpg').failure, /image decoder failed on this image.*simulated abort/);
  assert.match(byName.get('notes.jpg').failure, /not an image|text/i);
  for (const name of ['elephants.jpg', 'bw.jpg']) {
    const img = byName.get(name);
    assert.equal(img.failure, undefined, `${name}: ${img.failure}`);
    assert.ok(img.detections.length > 0, `${name} has detections`);
  }
  // The two faulty workers were replaced; no more than the configured number run at once.
  assert.ok(await page.evaluate(() => globalThis.wlPrepare.slots.length <= globalThis.wlPrepare.size));
  console.log(`# failures: ${['uncaught.jpg', 'aborts.jpg', 'notes.jpg'].map((n) => `${n}: ${byName.get(n).failure}`).join(' | ')}`);
  // Only the simulated uncaught error may reach the console (reported from the worker).
  assert.deepEqual(errors.filter((e) => !/simulated uncaught error/.test(e)), []);
});
