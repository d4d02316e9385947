// Models in the page beyond the scripted batch: the same fixture images on WebGPU
// (SwiftShader) and on WASM agree within 1e-3 and match the YOLOv5 reference; a local ONNX
// file picked by the user has its entry inferred, is confirmed in the UI and runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ARTIFACTS, ROOT, WEBGPU_FLAGS, clickWidget, launchBrowser, openApp, startServer } from './harness.mjs';
import { compareImage, newParityStats, parityShares, PARITY } from '../support/parity.mjs';

const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference', 'yolov5n', 'all.json'), 'utf8'));
const entry = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'))
  .models.find((m) => m.id === 'yolov5n-coco-raw');
// Four of the stage images (see ../shared/fixtures/README.md): 16:9 night IR, EXIF-rotated,
// greyscale and CMYK. WebGPU on SwiftShader is slow, so the 20 MP one is left to the WASM tests.
// WL_E2E_WEBGPU_ALL=1 runs every fixture image instead (about 30 s each on SwiftShader, so
// not in CI; docs/inference.md records the last such run).
const STAGE_IMAGES = process.env.WL_E2E_WEBGPU_ALL === '1'
  ? reference.images.filter((i) => i.status === 'ok').map((i) => i.file)
  : [
    'megadetector_test/channel_islands_camera_traps_loc-h500ee07133550_010_643.jpg',
    'speciesnet_test/african_elephants_with_exif_orientation.jpg',
    'speciesnet_test/african_elephants_bw.jpg',
    'speciesnet_test/african_elephants_cmyk.jpg',
  ];
const MODEL_URL = '/__fixture__/yolov5n-coco.onnx';

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser(WEBGPU_FLAGS, { serviceWorkers: 'block' });
  await browser.context.route(`**${MODEL_URL}`, (route) =>
    route.fulfill({ body: readFileSync(join(FIXTURES, 'models', 'yolov5n-coco.onnx')), contentType: 'application/octet-stream' }));
});
after(async () => { await browser.close(); server.close(); });

async function runOn(page, provider) {
  await page.evaluate((p) => { window.wildlife.clear(); window.wildlife.setProvider(p); }, provider);
  const loaded = await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry }), { url: MODEL_URL, entry });
  assert.equal(loaded.provider, provider);
  await page.setInputFiles('#file-input', []);  // the same selection twice would fire no change event
  await page.setInputFiles('#file-input', STAGE_IMAGES.map((f) => join(FIXTURES, 'images', f)));
  await page.waitForFunction((n) => window.wildlife.ui.batch.total === n, STAGE_IMAGES.length);
  await page.evaluate(() => window.wildlife.start());
  // WebGPU on SwiftShader takes up to a minute per image under load.
  await page.evaluate((ms) => window.wildlife.waitUntilFinished(ms), Math.max(900000, STAGE_IMAGES.length * 90000));
  return JSON.parse(await page.evaluate(() => window.wildlife.results('md', { fullPrecision: true, allCandidates: true })));
}

test('WebGPU and WASM give the same detections (1e-3), and both match the YOLOv5 reference', async () => {
  const { page, errors } = await openApp(browser.context, server.url);
  const gpu = await runOn(page, 'webgpu');
  const cpu = await runOn(page, 'wasm');
  let compared = 0, maxConf = 0, maxBox = 0;
  for (const a of gpu.images) {
    const b = cpu.images.find((i) => i.file === a.file);
    assert.ok(b, a.file);
    // Both sides above 0.01, so a score on the edge of the candidate threshold cannot pair wrongly.
    const da = a.detections.filter((d) => d.conf > 0.01), db = b.detections.filter((d) => d.conf > 0.01);
    for (const d of da) {
      const match = db.find((e) => e.category === d.category && Math.max(...e.bbox.map((v, k) => Math.abs(v - d.bbox[k]))) < 1e-3);
      assert.ok(match, `${a.file}: no WASM twin for ${JSON.stringify(d)}`);
      maxConf = Math.max(maxConf, Math.abs(match.conf - d.conf));
      maxBox = Math.max(maxBox, ...match.bbox.map((v, k) => Math.abs(v - d.bbox[k])));
      compared++;
    }
  }
  console.log(`# webgpu vs wasm: ${compared} detections, max |Δconf| ${maxConf.toExponential(2)}, max |Δbox| ${maxBox.toExponential(2)}`);
  assert.ok(compared > 20);
  assert.ok(maxConf <= 1e-3 && maxBox <= 1e-3);
  for (const [name, run] of [['webgpu', gpu], ['wasm', cpu]]) {
    const stats = newParityStats();
    for (const file of STAGE_IMAGES) {
      const ref = reference.images.find((r) => r.file === file);
      compareImage(ref, run.images.find((i) => basename(i.file) === basename(file)), stats);
    }
    const shares = parityShares(stats);
    console.log(`# ${name} vs reference: ${stats.matched}/${stats.reference} matched, extra [${stats.extra.join('; ')}]`);
    assert.ok(shares.matched >= PARITY.minMatched, `${name}: missing ${stats.missing.join('; ')}`);
    assert.ok(shares.extra <= PARITY.maxExtra, `${name}: extra ${stats.extra.join('; ')}`);
  }
  assert.deepEqual(errors, []);
});

test('a local ONNX file: entry inferred from its metadata, confirmed in the UI, then run', async () => {
  const { page, errors } = await openApp(browser.context, server.url);
  await page.evaluate(() => window.wildlife.setProvider('wasm'));
  await page.setInputFiles('#model-input', join(FIXTURES, 'models', 'mdv6-yolov10n-c-nc3-bncalib-dynamic.onnx'));
  await clickWidget(page, 'button:Load model', { timeout: 30000 });
  await page.screenshot({ path: join(ARTIFACTS, 'local-model.png') });
  await page.waitForFunction(() => window.wildlife.ui.model.state === 'ready', null, { timeout: 120000 });
  const model = await page.evaluate(() => window.wildlife.ui.model);
  assert.match(model.message, /wasm/);
  await page.setInputFiles('#file-input', [join(FIXTURES, 'images', 'speciesnet_test', 'african_elephants.jpg')]);
  await page.waitForFunction(() => window.wildlife.ui.batch.total === 1);
  await clickWidget(page, 'button:Run detection');
  await page.evaluate(() => window.wildlife.waitUntilFinished(300000));
  const md = JSON.parse(await page.evaluate(() => window.wildlife.results('md', { allCandidates: true })));
  // Inferred: YOLOv10 end-to-end layout at 1280, the three MegaDetector categories.
  assert.equal(md.info.detector_metadata.image_size, 1280);
  assert.deepEqual(Object.values(md.detection_categories).sort(), ['animal', 'person', 'vehicle']);
  assert.equal(md.images[0].failure, undefined);
  assert.ok(md.images[0].detections.length > 0);
  assert.deepEqual(errors, []);
});
