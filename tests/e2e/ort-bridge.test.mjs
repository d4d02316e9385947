// The browser's ONNX Runtime bridge (web/js/ort-bridge.js, served from dist/js/) in headless
// Chromium: WebGPU when an adapter exists, otherwise WASM with the reason recorded, and runs
// whose outputs come back through the same job table the C++ side polls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, WEBGPU_FLAGS, NO_WEBGPU_FLAGS } from './harness.mjs';
import { tinySigmoidModel } from '../node/helpers.mjs';

const model = Array.from(tinySigmoidModel());

// Runs in the page: installs the bridge, creates a session preferring WebGPU, runs it once.
async function probe(page) {
  return page.evaluate(async (bytes) => {
    const { installOrtBridge } = await import('./js/ort-bridge.js');
    const b = await installOrtBridge();
    const wait = async (job) => {
      while (b.poll(job) === 0) await b.whenAnySettles();
      return { state: b.poll(job), text: b.text(job) };
    };
    const created = await wait(b.createSession(new Uint8Array(bytes), { providers: ['webgpu', 'wasm'] }));
    if (created.state !== 1) return { error: created.text };
    const info = JSON.parse(created.text);
    const input = new Float32Array(3 * 8 * 8).fill(0);
    input[0] = 2;
    const runJob = b.run(info.session, [{ name: 'x', dims: [1, 3, 8, 8], data: input }]);
    const ran = await wait(runJob);
    if (ran.state !== 1) return { error: ran.text, info };
    const out = Array.from(b.outputData(runJob, 0).slice(0, 2));
    b.forget(runJob);
    b.releaseSession(info.session);
    return { info, run: JSON.parse(ran.text), isolated: globalThis.crossOriginIsolated, out };
  }, model);
}

async function withPage(flags, fn) {
  const server = await startServer();
  const browser = await launchBrowser(flags);
  try {
    const page = browser.context.pages()[0] || (await browser.context.newPage());
    await page.goto(server.url + 'about.json');
    await fn(page);
  } finally {
    await browser.close();
    server.close();
  }
}

test('WebGPU adapter present: the session runs on webgpu', async () => {
  await withPage(WEBGPU_FLAGS, async (page) => {
    const r = await probe(page);
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.info.provider, 'webgpu');
    assert.deepEqual(r.info.fallbacks, []);
    assert.deepEqual(r.info.inputs[0].shape, [1, 3, 'height', 'width']);
    assert.deepEqual(r.run.outputs[0].dims, [1, 3, 8, 8]);
    assert.ok(r.run.timings.runMs >= 0);
    assert.ok(Math.abs(r.out[0] - 1 / (1 + Math.exp(-2))) < 1e-3 && Math.abs(r.out[1] - 0.5) < 1e-3, String(r.out));
  });
});

test('no WebGPU: falls back to WASM and says why', async () => {
  await withPage(NO_WEBGPU_FLAGS, async (page) => {
    const r = await probe(page);
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.info.provider, 'wasm');
    assert.equal(r.info.fallbacks.length, 1);
    assert.equal(r.info.fallbacks[0].provider, 'webgpu');
    assert.match(r.info.fallbacks[0].reason, /WebGPU/);
    assert.equal(r.isolated, true);
    assert.ok(Math.abs(r.out[0] - 1 / (1 + Math.exp(-2))) < 1e-6 && r.out[1] === 0.5, String(r.out));
  });
});
