// The model zoo, as a new user meets it: a blank page offers the recommended detector
// (MDV6-yolov10-c), one click downloads it from a fake Zenodo (tests/support/fake-zenodo.mjs,
// the real catalogue's record number) with progress, the package is MD5-checked, unpacked and
// kept; "Add images…" and "Run detection" finish the job: three clicks from a blank page to
// detections. Then: a reload with the server gone runs from the cache; a package with a wrong
// MD5 is refused and nothing is kept; a licence that asks for terms asks first, and its
// manifest's input size and threshold drive the run; a SPARROW ZIP opened from disk loads; a
// host without CORS gets the manual-download message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, FIXTURES, ROOT, clickWidget, launchBrowser, openApp, startServer, waitForApp } from './harness.mjs';
import { buildSparrowPackage, sparrowManifest, startFakeZenodo, TEST_MANIFESTS } from '../support/fake-zenodo.mjs';

const RECORD = readFileSync(join(ROOT, 'models/sparrow/catalog.toml'), 'utf8').match(/^record\s*=\s*"(\d+)"/m)[1];
const IMAGES = ['speciesnet_test/african_elephants.jpg', 'megadetector_test/channel_islands_camera_traps_loc-h500ee07133550_010_643.jpg']
  .map((f) => join(FIXTURES, 'images', f));
const MDV6 = readFileSync(join(FIXTURES, 'models/mdv6-yolov10n-c-nc3-bncalib-dynamic.onnx'));
const YOLOV5 = readFileSync(join(FIXTURES, 'models/yolov5n-coco-dynamic.onnx'));  // any input size
const COCO = readFileSync(join(FIXTURES, 'models/yolov5n-coco.names'), 'utf8');

// MegaDetector v6's layout: NMS inside the graph (yolo_e2e), three MegaDetector classes.
const mdv6Manifest = (id) => sparrowManifest({ id, method: 'yolo_e2e', threshold: 0.2 });
// Non-default input size and threshold: the run must follow the manifest, not our defaults.
const termsManifest = sparrowManifest({ id: 'deepfaune-yolo8s', size: 320, threshold: 0.4 });

const packages = [
  { zip: 'camera_trap__detector__MDV6-yolov10-c.zip', bytes: buildSparrowPackage({ id: 'MDV6-yolov10-c', manifest: mdv6Manifest('MDV6-yolov10-c'), model: MDV6, labels: 'animal\nperson\nvehicle\n' }) },
  // Served with a checksum that is not the file's.
  { zip: 'camera_trap__detector__MDV6-yolov10-e.zip', bytes: buildSparrowPackage({ id: 'MDV6-yolov10-e', manifest: mdv6Manifest('MDV6-yolov10-e'), model: MDV6, labels: 'animal\nperson\nvehicle\n' }), md5: 'f'.repeat(32) },
  { zip: 'camera_trap__detector__deepfaune-yolo8s.zip', bytes: buildSparrowPackage({ id: 'deepfaune-yolo8s', manifest: termsManifest, model: YOLOV5, labels: COCO }) },
];

let server, zenodo, browser;
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startServer();
  zenodo = await startFakeZenodo({ record: RECORD, packages });
  browser = await launchBrowser(undefined, { serviceWorkers: 'block' });  // routes see every request
  // The build's zoo address points at the fake Zenodo (a deployer sets it with WL_ZOO_BASE).
  await browser.context.route('**/models/sparrow/zoo-config.json', (route) => route.fulfill({ json: { base: zenodo.base } }));
});
after(async () => { await browser?.close(); server?.close(); await zenodo?.close(); });

const ui = (page) => page.evaluate(() => window.wildlife.ui);

async function addImagesWithTheButton(page, files) {
  const chooser = page.waitForEvent('filechooser');
  await clickWidget(page, 'button:Add images…');
  await (await chooser).setFiles(files);
  await page.waitForFunction((n) => window.wildlife.ui.batch.total === n, files.length);
}

async function runAndRead(page) {
  await page.evaluate(() => window.wildlife.waitUntilFinished(300000));
  return JSON.parse(await page.evaluate(() => window.wildlife.results('md', { allCandidates: true })));
}

test('first visit: three clicks from a blank page to detections, with the recommended detector from the zoo', async () => {
  const { page, errors } = await openApp(browser.context, server.url);
  await page.evaluate(() => window.wildlife.setProvider('wasm'));
  // The catalogue is read and the record's sizes have arrived.
  await page.waitForFunction(() => window.wildlife.ui.zoo.sized >= 3, null, { timeout: 30000 });
  const zoo = (await ui(page)).zoo;
  assert.equal(zoo.record, RECORD);
  assert.equal(zoo.entries, 75);
  await page.waitForFunction(() => window.wildlife.ui.widgets['button:Download MDV6-yolov10-c']);
  await page.screenshot({ path: join(ARTIFACTS, 'first-visit.png') });
  if (process.env.UPDATE_DOCS) copyFileSync(join(ARTIFACTS, 'first-visit.png'), join(ROOT, 'docs', 'first-visit.png'));

  zenodo.setContentDelay(15);  // about 2 s for 9 MB: long enough to see the progress bar
  await clickWidget(page, 'button:Download MDV6-yolov10-c');  // click 1
  const progress = await page.waitForFunction(() => {
    const j = window.wildlife.ui.zoo.job;
    return j && j.received > 0 && j.total > 0 && j.received < j.total && / of .*MB/.test(j.text) ? j : null;
  }, null, { timeout: 30000 });
  console.log(`# progress seen: ${JSON.stringify(await progress.jsonValue())}`);
  await page.screenshot({ path: join(ARTIFACTS, 'zoo-download.png') });
  zenodo.setContentDelay(0);
  await page.waitForFunction(() => window.wildlife.ui.model.state === 'ready', null, { timeout: 120000 });
  const model = (await ui(page)).model;
  assert.equal(model.id, 'MDV6-yolov10-c');
  assert.deepEqual(model.inputSizes, [640]);

  await addImagesWithTheButton(page, IMAGES);  // click 2 (and the file chooser)
  await clickWidget(page, 'button:Run detection');  // click 3
  const md = await runAndRead(page);
  assert.equal(md.images.length, 2);
  for (const image of md.images) assert.equal(image.failure, undefined, image.file);
  assert.deepEqual(Object.values(md.detection_categories).sort(), ['animal', 'person', 'vehicle']);
  console.log(`# ${md.images.reduce((n, i) => n + i.detections.length, 0)} detections; detector ${md.info.detector}`);
  // What reached the zoo: its file list and the package, nothing else, and no request carried a body.
  const paths = zenodo.requests.map((r) => r.path);
  assert.ok(paths.includes(`/api/records/${RECORD}`));
  assert.equal(paths.filter((p) => p.endsWith('MDV6-yolov10-c.zip/content')).length, 1);
  assert.ok(zenodo.requests.every((r) => r.method === 'GET' && r.bodyBytes === 0));
  assert.deepEqual(errors, []);
});

test('a reload with the zoo unreachable brings the detector back from the cache', async () => {
  const page = browser.context.pages()[0];
  const port = new URL(zenodo.base).port;
  await zenodo.close();
  try {
    await page.reload();
    await waitForApp(page);
    // The batch of the first test is offered back; resuming it brings its detector back.
    await clickWidget(page, 'button:Resume previous batch', { timeout: 30000 });
    await page.waitForFunction(() => window.wildlife.ui.model.state === 'ready', null, { timeout: 120000 });
    assert.equal((await ui(page)).model.id, 'MDV6-yolov10-c');
    assert.equal((await ui(page)).batch.done, 2);
  } finally {
    zenodo = await startFakeZenodo({ record: RECORD, packages, port: Number(port) });
  }
});

test('a package whose MD5 differs is refused with a message, and nothing is kept', async () => {
  const page = browser.context.pages()[0];
  await clickWidget(page, 'menu:Model');
  await clickWidget(page, 'menu:Detectors — Global');
  await clickWidget(page, 'item:MDV6-yolov10-e');
  await page.waitForFunction(() => /MD5/.test(window.wildlife.ui.zoo.error), null, { timeout: 60000 });
  assert.match((await ui(page)).zoo.error, /does not match the zoo's MD5 checksum/);
  await page.screenshot({ path: join(ARTIFACTS, 'zoo-md5-refused.png') });
  const kept = await page.evaluate(async () => (await window.wlModelStore.listCachedModels()).map((m) => m.url));
  assert.ok(!kept.some((u) => u.includes('MDV6-yolov10-e')), kept.join(' '));
  assert.equal((await ui(page)).model.id, 'MDV6-yolov10-c', 'the model in use stays loaded');
  await clickWidget(page, 'button:Close download');
});

test('a share-alike licence asks for its terms first; the manifest sets the input size and threshold', async () => {
  const page = browser.context.pages()[0];
  await clickWidget(page, 'menu:Model');
  await clickWidget(page, 'menu:Detectors — Global');
  await clickWidget(page, 'item:deepfaune-yolo8s');
  await clickWidget(page, 'button:Accept terms and download', { timeout: 20000 });
  await page.waitForFunction(() => window.wildlife.ui.model.state === 'ready' && window.wildlife.ui.model.id === 'deepfaune-yolo8s', null, { timeout: 120000 });
  const state = await ui(page);
  assert.deepEqual(state.model.inputSizes, [320]);
  assert.ok(Math.abs(state.model.typicalThreshold - 0.4) < 1e-6);
  assert.ok(Math.abs(state.threshold - 0.4) < 1e-6, 'the view threshold follows the model');
  await page.evaluate(() => window.wildlife.start());
  const md = await runAndRead(page);
  assert.equal(md.images.length, 2);
});

test('a SPARROW package opened from disk with Model → Open model file loads', async () => {
  const page = browser.context.pages()[0];
  const zipFile = join(ARTIFACTS, 'yolov5n-coco.zip');
  writeFileSync(zipFile, buildSparrowPackage({ id: 'yolov5n-coco', manifest: TEST_MANIFESTS['yolov5n-coco'], model: YOLOV5, labels: COCO }));
  const chooser = page.waitForEvent('filechooser');
  await clickWidget(page, 'menu:Model');
  await clickWidget(page, 'item:Open model file (ONNX or package)…');
  await (await chooser).setFiles(zipFile);
  await page.waitForFunction(() => window.wildlife.ui.model.state === 'ready' && window.wildlife.ui.model.id === 'yolov5n-coco', null, { timeout: 120000 });
  assert.equal((await ui(page)).model.classes, 80);
});

test('a host that sends no CORS header gets the address to download by hand', async () => {
  const noCors = await startFakeZenodo({ record: RECORD, packages, cors: 'record-only' });
  const other = await launchBrowser(undefined, { serviceWorkers: 'block' });
  try {
    await other.context.route('**/models/sparrow/zoo-config.json', (route) => route.fulfill({ json: { base: noCors.base } }));
    const { page } = await openApp(other.context, server.url);
    await clickWidget(page, 'button:Download MDV6-yolov10-c', { timeout: 30000 });
    await page.waitForFunction(() => /download/i.test(window.wildlife.ui.zoo.error), null, { timeout: 60000 });
    const error = (await ui(page)).zoo.error;
    assert.ok(error.includes(noCors.pageUrl('camera_trap__detector__MDV6-yolov10-c.zip')), error);
    assert.match(error, /Open model file \(ONNX or package\)/);
    await page.screenshot({ path: join(ARTIFACTS, 'zoo-no-cors.png') });
  } finally { await other.close(); await noCors.close(); }
});
