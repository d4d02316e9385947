// The MDv6 architecture fixture (YOLOv10-N, dynamic H/W, calibrated random weights) in the
// page, on both providers and at both input sizes MegaDetector v6 is run at: it loads, runs,
// the providers agree within 1e-3, and at 1280 the strongest rows match the Ultralytics
// reference as a set. The exact comparison from the reference letterbox is in the Node
// layer (tests/node/stages.test.mjs); here the image goes through our own decode.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, WEBGPU_FLAGS, launchBrowser, openApp, startServer } from './harness.mjs';

const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');
const baseEntry = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'))
  .models.find((m) => m.id === 'mdv6-yolov10n-c-nc3-bncalib-dynamic');
const MODEL_URL = '/__fixture__/mdv6-yolov10n-c-nc3-bncalib-dynamic.onnx';
const IMAGE = 'speciesnet_test/african_elephants_bw.jpg';
const reference = JSON.parse(readFileSync(join(FIXTURES, 'stages', 'mdv6-yolov10n-c-nc3-bncalib',
  'speciesnet_test__african_elephants_bw.jpg.postprocess.json'), 'utf8'));

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser(WEBGPU_FLAGS, { serviceWorkers: 'block' });
  await browser.context.route(`**${MODEL_URL}`, (route) => route.fulfill({
    body: readFileSync(join(FIXTURES, 'models', 'mdv6-yolov10n-c-nc3-bncalib-dynamic.onnx')), contentType: 'application/octet-stream' }));
});
after(async () => { await browser.close(); server.close(); });

async function run(page, provider, size) {
  const entry = { ...baseEntry, input: { ...baseEntry.input, sizes: [size] } };
  await page.evaluate((p) => { window.wildlife.clear(); window.wildlife.setProvider(p); }, provider);
  const loaded = await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry }), { url: MODEL_URL, entry });
  assert.equal(loaded.provider, provider);
  await page.setInputFiles('#file-input', []);
  await page.setInputFiles('#file-input', [join(FIXTURES, 'images', IMAGE)]);
  await page.waitForFunction(() => window.wildlife.ui.batch.total === 1);
  const t0 = Date.now();
  await page.evaluate(() => window.wildlife.start());
  await page.evaluate(() => window.wildlife.waitUntilFinished(600000));
  const md = JSON.parse(await page.evaluate(() => window.wildlife.results('md', { fullPrecision: true, allCandidates: true })));
  console.log(`# ${provider} @${size}: ${md.images[0].detections?.length ?? 0} detections in ${Date.now() - t0} ms`);
  assert.equal(md.info.detector_metadata.image_size, size);
  assert.equal(md.images[0].failure, undefined, md.images[0].failure);
  return md.images[0];
}

// Pairs each detection of `a` with an unused one of `b` of the same category within the tolerances.
function unmatched(a, b, conf, box) {
  const used = new Set();
  let missing = 0;
  for (const d of a) {
    const i = b.findIndex((e, k) => !used.has(k) && e.category === d.category && Math.abs(e.conf - d.conf) <= conf &&
      e.bbox.every((v, c) => Math.abs(v - d.bbox[c]) <= box));
    if (i < 0) missing++;
    else used.add(i);
  }
  return missing;
}

test('MDv6 fixture: WebGPU and WASM at 640 and 1280 agree (1e-3) and match the reference at 1280', async () => {
  const { page, errors } = await openApp(browser.context, server.url);
  const out = {};
  for (const size of [640, 1280]) {
    for (const provider of ['wasm', 'webgpu']) out[`${provider}@${size}`] = await run(page, provider, size);
    const cpu = out[`wasm@${size}`].detections, gpu = out[`webgpu@${size}`].detections;
    assert.ok(cpu.length > 0 && cpu.length <= 300, `${cpu.length} detections at ${size}`);
    // Rows within 1e-3 of the 0.25 cut may be kept on one side only.
    const firm = (list) => list.filter((d) => d.conf > 0.25 + 1e-3);
    const missing = unmatched(firm(gpu), cpu, 1e-3, 1e-3) + unmatched(firm(cpu), gpu, 1e-3, 1e-3);
    console.log(`# webgpu vs wasm @${size}: ${gpu.length} vs ${cpu.length} detections, ${missing} without a twin`);
    assert.equal(missing, 0);
  }
  // As in the Node test from the JPEG: our decode moves boxes a few pixels on this random
  // network, so the 20 strongest reference rows are matched loosely (0.02 conf, 20 px).
  const W = reference.width, H = reference.height;
  const strong = reference.detections.slice(0, 20).map((d) => ({ category: String(d.category + 1), conf: d.conf, bbox: d.bbox }));
  for (const provider of ['wasm', 'webgpu']) {
    const ours = out[`${provider}@1280`].detections;
    const missing = unmatched(strong, ours, 0.02, 20 / Math.min(W, H));
    console.log(`# ${provider} @1280 vs the Ultralytics reference: ${strong.length - missing}/${strong.length} strongest rows matched`);
    assert.ok(missing <= 6, `${provider}: ${missing} of the strongest reference rows unmatched`);
  }
  assert.deepEqual(errors, []);
});
