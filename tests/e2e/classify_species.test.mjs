// Species classification in the real page, chosen and run with real clicks: the yolov5n
// fixture detector (COCO classes mapped to animal / person / vehicle) finds the animals, and
// the MobileNetV2 ImageNet classifier (models/mobilenetv2_int8, standing in for a species
// model) labels them. The classifier is picked with its labels file through Model → Species
// classifier → Open classifier file…; the run's exports carry the classifications; the
// headless runner (scripts/detect) gives the same MegaDetector JSON, byte for byte apart from
// the completion times. Screenshots in build/e2e.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ARTIFACTS, FIXTURES, NO_WEBGPU_FLAGS, ROOT, clickWidget, launchBrowser, openApp, serveFixtureModel, startServer } from './harness.mjs';
import { buildSparrowPackage, startFakeZenodo } from '../support/fake-zenodo.mjs';

const manifest = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'));
const detectorEntry = manifest.models.find((m) => m.id === 'yolov5n-coco');
const MODEL_PATH = '/__fixture__/yolov5n-coco.onnx';
const CLASSIFIER = join(FIXTURES, 'models', 'mobilenetv2_int8', 'mobilenetv2-12-int8.onnx');
const LABELS = join(FIXTURES, 'models', 'mobilenetv2_int8', 'imagenet_classes.txt');
const IMAGES = [
  'speciesnet_test/african_elephants.jpg',
  'speciesnet_test/american_black_bear.jpg',
  'speciesnet_test/domestic_dog.jpg',
  'speciesnet_test/human.jpg',
  'speciesnet_test/blank.jpg',
  'snapshot_serengeti_gallery/S6_R13_R2_IMAG1533.JPG',
];
const ELEPHANTISH = new Set(['tusker', 'African elephant', 'Indian elephant']);

// The zoo's AI4G-Amazon-V2 entry, played by the fixture classifier in a SPARROW package with a
// classifier manifest (resize 224, ImageNet normalisation, softmax), on a fake Zenodo.
const RECORD = readFileSync(join(ROOT, 'models/sparrow/catalog.toml'), 'utf8').match(/^record\s*=\s*"(\d+)"/m)[1];
const ZOO_ID = 'AI4G-Amazon-V2';
const classifierManifest = `[model]
id = "${ZOO_ID}"
format = "onnx"
file = "model.onnx"

[preprocessing]
method = "resize"
input_size = [224, 224]
layout = "nchw"
normalization = "imagenet"

[inference]
strategy = "single"

[postprocessing]
method = "softmax"

[labels]
file = "labels.txt"
format = "one_per_line"
`;

let server, browser, zenodo;
before(async () => {
  server = await startServer();
  zenodo = await startFakeZenodo({ record: RECORD, packages: [{ zip: `camera_trap__classifier__${ZOO_ID}.zip`,
    bytes: buildSparrowPackage({ id: ZOO_ID, manifest: classifierManifest, model: readFileSync(CLASSIFIER), labels: readFileSync(LABELS, 'utf8') }) }] });
  browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' });
  await browser.context.route('**/models/sparrow/zoo-config.json', (route) => route.fulfill({ json: { base: zenodo.base } }));
});
after(async () => { await browser.close(); server.close(); await zenodo.close(); });

const ui = (page) => page.evaluate(() => window.wildlife.ui);

// The fixture images under one folder with their own names, for the page and the runner alike.
function imageFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'wl-species-'));
  mkdirSync(join(dir, 'survey'));
  // In the runner's order (it sorts a folder's entries by name), so the two lists agree.
  return IMAGES.map((f) => {
    const to = join(dir, 'survey', basename(f));
    copyFileSync(join(FIXTURES, 'images', f), to);
    return to;
  }).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

test('a species classifier picked in the Model menu labels the animals; the runner agrees byte for byte', async () => {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  await serveFixtureModel(page, MODEL_PATH);
  const { errors } = await openApp(browser.context, server.url);
  await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry, fileName: 'yolov5n-coco.onnx' }),
    { url: MODEL_PATH, entry: detectorEntry });

  // Model → Species classifier → Open classifier file…, the ONNX file and its labels together.
  let state = await ui(page);
  assert.equal(state.classifier.state, 'none');
  const chooser = page.waitForEvent('filechooser');
  await clickWidget(page, 'menu:Model');
  await clickWidget(page, 'menu:Species classifier');
  await clickWidget(page, 'item:Open classifier file…');
  await (await chooser).setFiles([CLASSIFIER, LABELS]);
  await clickWidget(page, 'button:Use as species classifier');
  await page.waitForFunction(() => window.wildlife.ui.classifier.state === 'ready', null, { timeout: 60000 });
  state = await ui(page);
  assert.equal(state.classifier.classes, 1000);
  assert.equal(state.classifier.batched, true, 'MobileNetV2 has a dynamic batch axis: one run per image');
  assert.deepEqual(state.classifier.cropSize, [224, 224]);

  const files = imageFolder();
  const chooseImages = page.waitForEvent('filechooser');
  await clickWidget(page, 'button:Add images…');
  await (await chooseImages).setFiles(files);
  await page.waitForFunction((n) => window.wildlife.ui.batch.total === n, files.length);
  await clickWidget(page, 'button:Run detection');
  await page.evaluate(() => window.wildlife.waitUntilFinished(600000));
  state = await ui(page);
  assert.ok(state.classifier.cropsClassified >= 4, `crops classified: ${state.classifier.cropsClassified}`);
  assert.equal(state.classifier.problems, 0);
  console.log(`# classified ${state.classifier.cropsClassified} crops, ${state.classifier.meanClassifyMs.toFixed(0)} ms per image ` +
    `(crops + classifier), ${state.classifier.cropsTooSmall} too small`);

  // The export at the view's thresholds: classifications on the animals, the classifier named.
  const md = JSON.parse(await page.evaluate(() => window.wildlife.results('md', { allCandidates: false })));
  assert.equal(md.info.classifier, 'mobilenetv2-12-int8.onnx');
  assert.equal(Object.keys(md.classification_categories).length, 1000);
  const elephants = md.images.find((i) => i.file.endsWith('african_elephants.jpg'));
  const classified = elephants.detections.filter((d) => d.classifications);
  assert.ok(classified.length >= 3, 'the elephants are classified');
  const top = classified.map((d) => md.classification_categories[d.classifications[0][0]]);
  assert.ok(top.slice(0, 3).every((name) => ELEPHANTISH.has(name)), top.join(', '));
  for (const img of md.images)
    for (const d of img.detections)
      if (d.classifications) assert.equal(d.category, '1', 'only animals are classified');
  const human = md.images.find((i) => i.file.endsWith('human.jpg'));
  assert.ok(human.detections.every((d) => !d.classifications));

  // COCO Camera Traps: the species as the annotations' categories, the detector's beside them.
  const coco = JSON.parse(await page.evaluate(() => window.wildlife.results('coco', { allCandidates: false })));
  const speciesAnns = coco.annotations.filter((a) => a.detection_category_id !== undefined && a.category_id !== a.detection_category_id);
  assert.ok(speciesAnns.length >= 1, 'some annotations carry a species category');
  for (const a of speciesAnns) assert.equal(coco.categories.find((c) => c.id === a.category_id).name, a.species);
  const csv = await page.evaluate(() => window.wildlife.results('csv', { allCandidates: false }));
  assert.match(csv.split('\r\n')[0], /species,species_confidence,species_reviewed,top3/);
  await page.screenshot({ path: join(ARTIFACTS, 'species-run.png') });

  // The headless runner on the same files: the same JSON, apart from when it finished.
  const runnerOut = join(ARTIFACTS, 'species-runner.json');
  const r = spawnSync(join(ROOT, 'scripts/detect'), ['detect', '--model', join(FIXTURES, 'models', 'yolov5n-coco.onnx'),
    '--model-config', 'yolov5n-coco', '--classifier', CLASSIFIER, '--out', runnerOut, join(files[0], '..')],
  { encoding: 'utf8', timeout: 600000, env: { ...process.env, WL_PROVIDERS: 'wasm' } });
  assert.equal(r.status, 0, r.stderr);
  const pageAll = await page.evaluate(() => window.wildlife.results('md', { allCandidates: true }));
  const untimed = (text) => text.replace(/"(detection|classification)_completion_time": "[^"]*"/g, '"$1_completion_time": ""');
  const runnerText = readFileSync(runnerOut, 'utf8');
  if (untimed(pageAll) !== untimed(runnerText)) {
    const a = JSON.parse(pageAll), b = JSON.parse(runnerText);
    assert.deepEqual({ ...a, images: a.images.length }, { ...b, images: b.images.length }, 'headers');
    for (let i = 0; i < a.images.length; i++) assert.deepEqual(a.images[i], b.images[i], `image ${i}`);
    assert.equal(untimed(pageAll), untimed(runnerText));
  }
  assert.deepEqual(errors, []);
});

test('a zoo classifier chosen in the Model menu downloads, runs, is remembered, and "None" turns it off', async () => {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  await serveFixtureModel(page, MODEL_PATH);
  const { errors } = await openApp(browser.context, server.url);
  await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry, fileName: 'yolov5n-coco.onnx' }),
    { url: MODEL_PATH, entry: detectorEntry });
  await page.waitForFunction(() => window.wildlife.ui.zoo.sized > 0);  // the record's file list arrived
  await clickWidget(page, 'menu:Model');
  await clickWidget(page, 'menu:Classifiers \u2014 South America');
  await clickWidget(page, `item:${ZOO_ID}`);
  await page.waitForFunction((id) => window.wildlife.ui.classifier.state === 'ready' && window.wildlife.ui.classifier.id === id,
    ZOO_ID, { timeout: 120000 });
  let state = await ui(page);
  assert.equal(state.classifier.classes, 1000);
  assert.deepEqual(state.classifier.cropSize, [224, 224]);

  const chooseImages = page.waitForEvent('filechooser');
  await clickWidget(page, 'button:Add images…');
  await (await chooseImages).setFiles([join(FIXTURES, 'images', IMAGES[0])]);
  await page.waitForFunction(() => window.wildlife.ui.batch.total === 1);
  await clickWidget(page, 'button:Run detection');
  await page.evaluate(() => window.wildlife.waitUntilFinished(600000));
  const md = JSON.parse(await page.evaluate(() => window.wildlife.results('md')));
  assert.equal(md.info.classifier, `${ZOO_ID}/model.onnx`);
  const top = md.images[0].detections.filter((d) => d.classifications).map((d) => md.classification_categories[d.classifications[0][0]]);
  assert.ok(top.length >= 3 && top.slice(0, 3).every((n) => ELEPHANTISH.has(n)), top.join(', '));

  // A new visit, with Zenodo gone: the remembered classifier comes back from this browser
  // (once the stored batch has been offered back; this test discards it).
  await zenodo.close();
  await page.reload();
  await page.waitForFunction(() => window.wildlife && window.wildlife.ready === true);
  await clickWidget(page, 'button:Discard previous batch');
  await page.waitForFunction((id) => window.wildlife.ui.classifier.state === 'ready' && window.wildlife.ui.classifier.id === id,
    ZOO_ID, { timeout: 60000 });

  // "None" is a choice, and it is remembered too.
  await clickWidget(page, 'menu:Model');
  await clickWidget(page, 'menu:Species classifier');
  await clickWidget(page, 'item:No classifier');
  await page.waitForFunction(() => window.wildlife.ui.classifier.state === 'none');
  await page.waitForTimeout(500);  // preferences are written a moment after a change
  await page.reload();
  await page.waitForFunction(() => window.wildlife && window.wildlife.ready === true);
  await page.waitForTimeout(1500);
  state = await ui(page);
  assert.equal(state.classifier.state, 'none');
  assert.deepEqual(errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to load resource/.test(e)), []);
});
