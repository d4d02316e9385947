// The responsiveness benchmark (issue #5), run by scripts/bench: the app in headless Chromium
// runs yolov5n over every fixture image (WASM) while the pointer sweeps the gallery, as a person
// browsing it would. Measured per run: the interval between the frames the browser delivers
// (p50, p95, max), how many frames the app drew and how many it left unchanged, the app's own
// work per frame (p95), and images per second.
//
// --baseline-dist DIR compares another build (e.g. dist/ of an older commit) in the same run:
// rounds alternate the two builds so both see the same machine noise, and the ratios
// current / baseline are taken within each round.
//
// Usage: node scripts/bench-frames.mjs [--quick] [--rounds N] [--baseline-dist DIR] [--json-out FILE]
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { NO_WEBGPU_FLAGS, ROOT, FIXTURES, clickWidget, installFrameProbe, launchBrowser, openApp, quantile, serveFixtureModel, startFrameProbe,
  startServer, stopFrameProbe, sweepGallery } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const rounds = Number(opt('--rounds', quick ? 1 : 3));
const baselineDist = opt('--baseline-dist', '');
const jsonOut = opt('--json-out', join(ROOT, 'build', 'bench', 'frames.json'));
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference', 'yolov5n', 'all.json'), 'utf8'));
const entry = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8')).models.find((m) => m.id === 'yolov5n-coco-raw');
const files = reference.images.map((i) => join(FIXTURES, 'images', i.file)).slice(0, quick ? 24 : undefined);
const MODEL = '/__fixture__/yolov5n-coco.onnx';

const median = (v) => quantile(v, 0.5);

async function runOnce(dist) {
  const server = await startServer(dist ? { root: resolve(dist) } : {});
  const browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' });
  try {
    const page = browser.context.pages()[0] || (await browser.context.newPage());
    await installFrameProbe(page);
    await serveFixtureModel(page, MODEL);
    await openApp(browser.context, server.url);
    await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry }), { url: MODEL, entry });
    await page.setInputFiles('#file-input', files);
    await page.waitForFunction((n) => window.wildlife.ui.batch && window.wildlife.ui.batch.total === n, files.length);
    const count = () => page.evaluate(() => (window.wildlife.frameStats ? window.wildlife.frameStats() : null));
    const before = await count();
    await startFrameProbe(page);
    const t0 = performance.now();
    await clickWidget(page, 'button:Run detection');
    const stopSweep = sweepGallery(page);
    await page.evaluate(() => window.wildlife.waitUntilFinished(900000));
    const seconds = (performance.now() - t0) / 1000;
    await stopSweep();
    const { frames, work } = await stopFrameProbe(page);
    const after = await count();
    return {
      frames: frames.length,
      intervalP50: median(frames), intervalP95: quantile(frames, 0.95), intervalMax: quantile(frames, 1),
      workP95: quantile(work, 0.95),
      drawn: before && after ? after.drawn - before.drawn : frames.length,  // builds before the redraw gate drew every frame
      imagesPerSecond: files.length / seconds,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

const out = { images: files.length, rounds: [], baselineDist: baselineDist || null };
for (let r = 0; r < rounds; r++) {
  const round = { current: await runOnce('') };
  if (baselineDist) {
    round.baseline = await runOnce(baselineDist);
    round.ratios = {
      intervalP95: round.current.intervalP95 / round.baseline.intervalP95,
      imagesPerSecond: round.current.imagesPerSecond / round.baseline.imagesPerSecond,
    };
  }
  out.rounds.push(round);
  const f = (x) => x.toFixed(1);
  const line = (name, m) => `${name.padEnd(9)} interval p50 ${f(m.intervalP50)} ms, p95 ${f(m.intervalP95)} ms, max ${f(m.intervalMax)} ms; ` +
    `drawn ${m.drawn} of ${m.frames} frames; app work p95 ${f(m.workP95)} ms; ${m.imagesPerSecond.toFixed(2)} images/s`;
  console.log(`round ${r + 1}:\n  ${line('current', round.current)}` + (round.baseline ? `\n  ${line('baseline', round.baseline)}` +
    `\n  ratios current/baseline: interval p95 ${round.ratios.intervalP95.toFixed(2)}, images/s ${round.ratios.imagesPerSecond.toFixed(2)}` : ''));
}
const pick = (k) => median(out.rounds.map((r) => r.current[k]));
out.summary = { intervalP95: pick('intervalP95'), workP95: pick('workP95'), imagesPerSecond: pick('imagesPerSecond'),
  drawnFraction: median(out.rounds.map((r) => r.current.drawn / r.current.frames)) };
if (baselineDist) {
  out.summary.ratioIntervalP95 = median(out.rounds.map((r) => r.ratios.intervalP95));
  out.summary.ratioImagesPerSecond = median(out.rounds.map((r) => r.ratios.imagesPerSecond));
}
console.log(`\nmedian over ${rounds} round(s): interval p95 ${out.summary.intervalP95.toFixed(1)} ms (the bar: < 50 ms), ` +
  `${out.summary.imagesPerSecond.toFixed(2)} images/s` + (baselineDist ? `; current/baseline: p95 x${out.summary.ratioIntervalP95.toFixed(2)}, ` +
  `images/s x${out.summary.ratioImagesPerSecond.toFixed(2)}` : ''));
mkdirSync(dirname(jsonOut), { recursive: true });
writeFileSync(jsonOut, JSON.stringify(out, null, 1));
console.log(JSON.stringify(out.summary));
