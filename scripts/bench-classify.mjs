// The classification benchmark (issue #11), run by scripts/bench --classify-only: what the
// species classifier costs in the page, and how fast it runs there against native ONNX Runtime.
//
// Each round, in one headless Chromium (WASM) and on the same images:
//   1. the yolov5n fixture detector alone: time per image (detector);
//   2. the same with the MobileNetV2 fixture classifier: time per image, the crops it
//      classified, and the classifier's own time (crops cut in the image worker + its runs);
//   3. onnxruntime-node (native CPU) and onnxruntime-web (WASM, under Node, with the threads
//      the page gives the runtime) on the same model and the same batches of 224 x 224 crops.
// Reported per round, as ratios within the round (the machine is shared and noisy):
//   overhead = (with classifier - detector) / (classifier time), the pipeline's cost over the
//              classifier's own work; the target is <= 1.1 (time per image <= detector time +
//              crops x classifier time per crop x 1.1);
//   page crops/s, native crops/s, ORT-web crops/s, page/native and page/ORT-web (what the
//   page loses over the runtime it runs on).
//
// Usage: node scripts/bench-classify.mjs [--quick] [--rounds N] [--json-out FILE]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { FIXTURES, NO_WEBGPU_FLAGS, ROOT, clickWidget, launchBrowser, openApp, quantile, serveFixtureModel, startServer } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const rounds = Number(opt('--rounds', quick ? 1 : 3));
const jsonOut = opt('--json-out', join(ROOT, 'build', 'bench', 'classify.json'));
const manifest = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'));
const detector = manifest.models.find((m) => m.id === 'yolov5n-coco');
const CLASSIFIER = join(FIXTURES, 'models', 'mobilenetv2_int8', 'mobilenetv2-12-int8.onnx');
const LABELS = join(FIXTURES, 'models', 'mobilenetv2_int8', 'imagenet_classes.txt');
const MODEL = '/__fixture__/yolov5n-coco.onnx';
// Images with animals: the classifier has work on most of them.
const IMAGES = ['speciesnet_test/african_elephants.jpg', 'speciesnet_test/american_black_bear.jpg', 'speciesnet_test/domestic_dog.jpg',
  'snapshot_serengeti_gallery/S6_R13_R2_IMAG1533.JPG', 'snapshot_serengeti_gallery/S5_G03_R1_IMAG1519.JPG',
  'snapshot_serengeti_gallery/S1_F10_R1_PICT0104.JPG', 'speciesnet_test/african_elephants_cmyk.jpg',
  'speciesnet_test/african_elephants_bw.jpg'].slice(0, quick ? 4 : undefined).map((f) => join(FIXTURES, 'images', f));
const median = (v) => quantile(v, 0.5);

async function pageRun(server, withClassifier) {
  const browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' });
  try {
    const page = browser.context.pages()[0] || (await browser.context.newPage());
    await serveFixtureModel(page, MODEL);
    await openApp(browser.context, server.url);
    await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry }), { url: MODEL, entry: detector });
    if (withClassifier) {
      const chooser = page.waitForEvent('filechooser');
      await clickWidget(page, 'menu:Model');
      await clickWidget(page, 'menu:Species classifier');
      await clickWidget(page, 'item:Open classifier file…');
      await (await chooser).setFiles([CLASSIFIER, LABELS]);
      await clickWidget(page, 'button:Use as species classifier');
      await page.waitForFunction(() => window.wildlife.ui.classifier.state === 'ready', null, { timeout: 60000 });
    }
    await page.setInputFiles('#file-input', IMAGES);
    await page.waitForFunction((n) => window.wildlife.ui.batch.total === n, IMAGES.length);
    const t0 = performance.now();
    await clickWidget(page, 'button:Run detection');
    await page.evaluate(() => window.wildlife.waitUntilFinished(900000));
    const seconds = (performance.now() - t0) / 1000;
    const c = (await page.evaluate(() => window.wildlife.ui)).classifier;
    return { msPerImage: (seconds * 1000) / IMAGES.length, crops: c.cropsClassified,
      classifierMs: c.meanClassifyMs * c.imagesClassified };
  } finally {
    await browser.close();
  }
}

// onnxruntime-node (or -web) on the same model, in batches the size the page ran (crops per image).
async function runtimeCropsPerSecond(batch, total, web = false) {
  const ort = createRequire(import.meta.url)(web ? 'onnxruntime-web' : 'onnxruntime-node');
  // The page gives the runtime all cores but one, 1 to 4 (web/js/ort-bridge.js).
  if (web) ort.env.wasm.numThreads = Math.max(1, Math.min(4, os.availableParallelism() - 1));
  const session = await ort.InferenceSession.create(readFileSync(CLASSIFIER), web ? { executionProviders: ['wasm'] } : {});
  const n = Math.max(1, Math.round(batch));
  const data = new Float32Array(n * 3 * 224 * 224);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) % 1000) / 500 - 1;
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, [n, 3, 224, 224]) };
  await session.run(feeds);  // warm-up
  const runs = Math.max(2, Math.ceil(total / n));
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await session.run(feeds);
  return (runs * n) / ((performance.now() - t0) / 1000);
}

const server = await startServer();
const results = [];
try {
  for (let r = 0; r < rounds; r++) {
    const det = await pageRun(server, false);
    const cls = await pageRun(server, true);
    const pageCropsPerS = cls.crops / (cls.classifierMs / 1000);
    const nativeCropsPerS = await runtimeCropsPerSecond(cls.crops / IMAGES.length, cls.crops);
    const ortWebCropsPerS = await runtimeCropsPerSecond(cls.crops / IMAGES.length, Math.min(cls.crops, 20), true);
    const round = {
      detectorMsPerImage: det.msPerImage, withClassifierMsPerImage: cls.msPerImage, crops: cls.crops,
      classifierMsPerImage: cls.classifierMs / IMAGES.length,
      overhead: (cls.msPerImage - det.msPerImage) / (cls.classifierMs / IMAGES.length),
      pageCropsPerS, nativeCropsPerS, ortWebCropsPerS, pageOverNative: pageCropsPerS / nativeCropsPerS,
      pageOverOrtWeb: pageCropsPerS / ortWebCropsPerS,
    };
    results.push(round);
    console.log(`round ${r + 1}: detector ${round.detectorMsPerImage.toFixed(0)} ms/image, with classifier ` +
      `${round.withClassifierMsPerImage.toFixed(0)} ms/image (${round.crops} crops, classifier ${round.classifierMsPerImage.toFixed(0)} ms/image); ` +
      `overhead x${round.overhead.toFixed(2)}; crops/s page ${pageCropsPerS.toFixed(1)}, native ${nativeCropsPerS.toFixed(1)}, ` +
      `ORT-web ${ortWebCropsPerS.toFixed(1)}; page/native ${round.pageOverNative.toFixed(3)}, page/ORT-web ${round.pageOverOrtWeb.toFixed(2)}`);
  }
} finally {
  server.close();
}
const summary = {
  images: IMAGES.length, rounds,
  overhead: median(results.map((x) => x.overhead)),
  pageCropsPerS: median(results.map((x) => x.pageCropsPerS)),
  nativeCropsPerS: median(results.map((x) => x.nativeCropsPerS)),
  pageOverNative: median(results.map((x) => x.pageOverNative)),
  ortWebCropsPerS: median(results.map((x) => x.ortWebCropsPerS)),
  pageOverOrtWeb: median(results.map((x) => x.pageOverOrtWeb)),
  rounds_detail: results,
};
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, JSON.stringify(summary, null, 1));
console.log(JSON.stringify({ classify: { overhead: summary.overhead, pageCropsPerS: summary.pageCropsPerS,
  nativeCropsPerS: summary.nativeCropsPerS, pageOverNative: summary.pageOverNative, ortWebCropsPerS: summary.ortWebCropsPerS,
  pageOverOrtWeb: summary.pageOverOrtWeb } }));
