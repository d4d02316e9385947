// The inference benchmark (issue #4), run by scripts/bench: for each model, in the same run,
//   native   onnxruntime-node inference only (CPU, denormals flushed to zero, all cores)
//   ortweb   onnxruntime-web inference only in headless Chromium (WASM, the app's threads: all cores but one,
//            through the app's own bridge and proxy worker, on a ready input tensor)
//   e2e      the app end to end in the same Chromium page: files in, decode, letterbox, inference,
//            boxes out, through window.wildlife, as images per second
// Rounds alternate ortweb and e2e so both see the same machine noise. Printed: per-image
// times, and the ratios e2e/ortweb (the pipeline's overhead; the target is >= 0.95) and
// native/ortweb (what the browser's WASM kernels cost). The last line is a JSON object.
//
// Usage: node scripts/bench-inference.mjs [--quick] [--rounds N] [--json-out FILE]
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import os from 'node:os';
import { NO_WEBGPU_FLAGS, ROOT, launchBrowser, openApp, startServer } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const rounds = Number(opt('--rounds', quick ? 1 : 3));
const jsonOut = opt('--json-out', join(ROOT, 'build', 'bench', 'inference.json'));
const FIXTURES = process.env.WL_FIXTURES_DIR || join(ROOT, '..', 'shared', 'fixtures');
const fixtureEntries = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8')).models;
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference', 'yolov5n', 'all.json'), 'utf8'));
const images = reference.images.filter((i) => i.status === 'ok').map((i) => join(FIXTURES, 'images', i.file));

const CASES = [
  { name: 'yolov5n@640', file: 'yolov5n-coco.onnx', entryId: 'yolov5n-coco-raw', size: 640, images: quick ? 6 : 24, runs: quick ? 5 : 20 },
  { name: 'mdv6-yolov10-c@1280', file: 'mdv6-yolov10n-c-nc3-bncalib-dynamic.onnx', entryId: 'mdv6-yolov10n-c-nc3-bncalib-dynamic',
    size: 1280, images: quick ? 3 : 8, runs: quick ? 3 : 8 },
];

const median = (a) => { const s = [...a].sort((x, y) => x - y), n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };

// Pseudo-random pixels in [0, 1]: the networks' cost does not depend on the content.
function inputTensor(size) {
  const data = new Float32Array(3 * size * size);
  let x = 12345;
  for (let i = 0; i < data.length; i++) { x = (x * 1103515245 + 12345) >>> 0; data[i] = (x >>> 8) / 16777216; }
  return data;
}

async function nativeInference(c, bytes) {
  const ort = createRequire(import.meta.url)('onnxruntime-node');
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'], intraOpNumThreads: os.availableParallelism(), graphOptimizationLevel: 'all',
    extra: { session: { set_denormal_as_zero: '1' } },
  });
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', inputTensor(c.size), [1, 3, c.size, c.size]) };
  for (let i = 0; i < 2; i++) await session.run(feeds);
  const times = [];
  for (let i = 0; i < c.runs; i++) { const t0 = performance.now(); await session.run(feeds); times.push(performance.now() - t0); }
  await session.release();
  return median(times);
}

// In the page, through globalThis.wlOrt (the bridge the app itself uses), so the same
// onnxruntime-web build, threads and proxy worker are measured.
async function ortwebInference(page, c) {
  return page.evaluate(async ({ url, size, runs }) => {
    const b = globalThis.wlOrt;
    const settle = async (job) => { while (b.poll(job) === 0) await b.whenAnySettles(); if (b.poll(job) !== 1) throw new Error(b.text(job)); };
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    const create = b.createSession(bytes, { providers: ['wasm'] });
    await settle(create);
    const info = JSON.parse(b.text(create));
    b.forget(create);
    const data = new Float32Array(3 * size * size);
    let x = 12345;
    for (let i = 0; i < data.length; i++) { x = (x * 1103515245 + 12345) >>> 0; data[i] = (x >>> 8) / 16777216; }
    const times = [];
    for (let i = 0; i < runs + 2; i++) {
      const t0 = performance.now();
      const job = b.run(info.session, [{ name: info.inputs[0].name, data: data.slice(), dims: [1, 3, size, size] }]);
      await settle(job);
      b.forget(job);
      if (i >= 2) times.push(performance.now() - t0);
    }
    b.releaseSession(info.session);
    times.sort((p, q) => p - q);
    return times[Math.floor(times.length / 2)];
  }, { url: `/__bench__/${c.file}`, size: c.size, runs: c.runs });
}

async function endToEnd(page, c, files) {
  await page.evaluate(() => window.wildlife.clear());
  await page.setInputFiles('#file-input', []);
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction((n) => window.wildlife.ui.batch && window.wildlife.ui.batch.total === n, files.length);
  return page.evaluate(async () => {
    const t0 = performance.now();
    window.wildlife.start();
    await window.wildlife.waitUntilFinished(1800000);
    const p = window.wildlife.progress();
    return { seconds: (performance.now() - t0) / 1000, done: p.done, failed: p.failed, stages: p.meanStageMs };
  });
}

async function main() {
  const server = await startServer();
  const browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' });
  const out = { machine: { cpu: os.cpus()[0]?.model, cores: os.availableParallelism(), loadavg: os.loadavg() }, rounds, cases: {} };
  try {
    await browser.context.route('**/__bench__/*', (route) => route.fulfill({
      body: readFileSync(join(FIXTURES, 'models', route.request().url().split('/').pop())), contentType: 'application/octet-stream' }));
    const { page } = await openApp(browser.context, server.url);
    const env = await page.evaluate(() => ({ isolated: crossOriginIsolated, cores: navigator.hardwareConcurrency }));
    out.browser = env;
    for (const c of CASES) {
      const bytes = readFileSync(join(FIXTURES, 'models', c.file));
      const base = fixtureEntries.find((m) => m.id === c.entryId);
      const entry = { ...base, input: { ...base.input, sizes: [c.size] } };
      await page.evaluate((p) => window.wildlife.setProvider(p), 'wasm');
      await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry }), { url: `/__bench__/${c.file}`, entry });
      const files = images.slice(0, c.images);
      const r = { native_ms: [], ortweb_ms: [], e2e_ms_per_image: [], stages: null };
      for (let k = 0; k < rounds; k++) {
        r.native_ms.push(await nativeInference(c, bytes));
        r.ortweb_ms.push(await ortwebInference(page, c));
        const e = await endToEnd(page, c, files);
        if (e.done !== files.length || e.failed) throw new Error(`${c.name}: end-to-end run finished ${e.done}/${files.length}, ${e.failed} failed`);
        r.e2e_ms_per_image.push((1000 * e.seconds) / files.length);
        r.stages = e.stages;
        console.error(`bench-inference: ${c.name} round ${k + 1}: native ${r.native_ms.at(-1).toFixed(0)} ms, ` +
          `ortweb ${r.ortweb_ms.at(-1).toFixed(0)} ms, e2e ${r.e2e_ms_per_image.at(-1).toFixed(0)} ms/image`);
      }
      const ratio = (a, b) => median(a.map((v, i) => v / b[i]));
      out.cases[c.name] = {
        images: c.images, runs: c.runs,
        native_ms: median(r.native_ms), ortweb_ms: median(r.ortweb_ms), e2e_ms_per_image: median(r.e2e_ms_per_image),
        e2e_images_per_s: 1000 / median(r.e2e_ms_per_image), ortweb_images_per_s: 1000 / median(r.ortweb_ms),
        native_images_per_s: 1000 / median(r.native_ms),
        // Within each round, then the median: both sides of a ratio share the round's noise.
        ratio_e2e_to_ortweb: ratio(r.ortweb_ms, r.e2e_ms_per_image),
        ratio_ortweb_to_native: ratio(r.native_ms, r.ortweb_ms),
        e2e_mean_stage_ms: r.stages,
      };
    }
  } finally {
    await browser.close();
    server.close();
  }
  console.log('\nmodel                  native ms  ortweb ms  e2e ms/img  e2e img/s  e2e/ortweb  ortweb/native');
  for (const [name, c] of Object.entries(out.cases)) {
    console.log(`${name.padEnd(22)} ${c.native_ms.toFixed(1).padStart(9)} ${c.ortweb_ms.toFixed(1).padStart(10)} ` +
      `${c.e2e_ms_per_image.toFixed(1).padStart(11)} ${c.e2e_images_per_s.toFixed(2).padStart(10)} ` +
      `${c.ratio_e2e_to_ortweb.toFixed(3).padStart(11)} ${c.ratio_ortweb_to_native.toFixed(3).padStart(14)}`);
  }
  console.log('ratios are speeds (images/s) relative to each other, taken within each round; e2e/ortweb >= 0.95 is the target.');
  mkdirSync(dirname(jsonOut), { recursive: true });
  writeFileSync(jsonOut, JSON.stringify(out, null, 1));
  console.log(JSON.stringify(out));
}

main().catch((err) => { console.error(`bench-inference: ${err.message}`); process.exit(1); });
