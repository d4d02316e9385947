// The inference seam (src/platform/inference.h) under Node through tests/wasm/session_probe.cpp:
// provider choice and fallback, model description, polled runs, heap stability, bad bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProbe, readFixture, tinySigmoidModel, toHeap, withCString, until } from './helpers.mjs';

const { m, bridge } = await loadProbe();
const v10 = readFixture('models/mdv6-yolov10n-c-nc3-bncalib-dynamic.onnx');

async function create(bytes, providers, threads = 0) {
  const p = toHeap(m, bytes);
  withCString(m, providers, (s) => m._probe_create(p, bytes.length, s, threads));
  m._free(p);  // the seam copied the bytes; freeing now must be safe
  const state = await until(bridge, () => m._probe_poll_create());
  return { state, text: m.UTF8ToString(m._probe_text()) };
}

async function runConstant(value, h, w) {
  assert.equal(m._probe_run_constant(value, 1, 3, h, w), 1);
  const state = await until(bridge, () => m._probe_poll_run());
  const text = m.UTF8ToString(m._probe_text());
  assert.equal(state, 1, text);
  return JSON.parse(text);
}

test('session reports provider, fallbacks, shapes, opset and metadata', async () => {
  const { state, text } = await create(v10, 'webgpu,cpu');
  assert.equal(state, 1, text);
  const info = JSON.parse(text);
  assert.equal(info.provider, 'cpu');
  assert.equal(info.fallbacks.length, 1);
  assert.equal(info.fallbacks[0].provider, 'webgpu');
  assert.match(info.fallbacks[0].reason, /not available under Node/);
  assert.deepEqual(info.inputs, [{ name: 'images', type: 'float32', shape: [-1, 3, -1, -1] }]);
  assert.equal(info.outputs[0].name, 'output0');
  assert.equal(info.opset, 17);
  assert.equal(info.metadata.imgsz, '[1280, 1280]');
  const out = await runConstant(0.5, 640, 640);
  assert.deepEqual(out.outputs[0].shape, [1, 300, 6]);
  assert.ok(out.timings.runMs > 0 && out.timings.totalMs >= out.timings.runMs);
  m._probe_release();
});

test('native CPU and onnxruntime-web WASM give the same outputs', async () => {
  const results = {};
  for (const provider of ['cpu', 'wasm']) {
    const { state, text } = await create(v10, provider);
    assert.equal(state, 1, text);
    assert.equal(JSON.parse(text).provider, provider);
    results[provider] = (await runConstant(0.25, 320, 416)).outputs[0];
    m._probe_release();
  }
  assert.deepEqual(results.cpu.shape, [1, 300, 6]);
  assert.deepEqual(results.wasm.shape, results.cpu.shape);
  // The top row (best score) is stable across runtimes; sums allow for row-order swaps.
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(results.cpu.head[i] - results.wasm.head[i]) < 1e-2, `${i}`);
  assert.ok(Math.abs(results.cpu.sum - results.wasm.sum) / Math.abs(results.cpu.sum) < 1e-3);
});

test('bad model bytes give a clear error and no session', async () => {
  const truncated = await create(v10.subarray(0, 100000), 'cpu');
  assert.equal(truncated.state, 2);
  assert.match(truncated.text, /damaged or incomplete/);
  const html = await create(Buffer.from('<html><body>Not found</body></html>'), 'cpu');
  assert.equal(html.state, 2);
  assert.match(html.text, /web page \(HTML\)/);
  const empty = await create(Buffer.alloc(0), 'cpu');
  assert.equal(empty.state, 2);
  assert.match(empty.text, /empty/);
  // A structurally valid protobuf that the runtime rejects: the runtime's own reason is kept.
  const bad = Buffer.from(v10);
  const at = bad.indexOf(Buffer.from('Conv'));
  bad.write('Cxnv', at);
  const rejected = await create(bad, 'cpu');
  assert.equal(rejected.state, 2);
  assert.match(rejected.text, /^The model could not be loaded: cpu: .*Invalid model/);
  assert.equal(m._probe_pending_jobs(), 0);
});

test('500 create/run cycles leave the wasm heap flat', async () => {
  const tiny = tinySigmoidModel();
  let heapAfterWarmup = 0;
  for (let i = 0; i < 500; i++) {
    const { state, text } = await create(tiny, 'cpu', 1);
    assert.equal(state, 1, text);
    const out = await runConstant(0, 64, 64);
    assert.deepEqual(out.outputs[0].shape, [1, 3, 64, 64]);
    assert.equal(out.outputs[0].head[0], 0.5);  // sigmoid(0): the outputs really came back
    m._probe_release();
    if (i === 20) heapAfterWarmup = m.HEAPU8.length;
  }
  assert.equal(m.HEAPU8.length, heapAfterWarmup);
  assert.equal(m._probe_pending_jobs(), 0);
  assert.equal(bridge.sessions.size, 0);
  assert.equal(bridge.jobs.size, 0);
});

test('a real detector: 20 cycles, heap flat after the first', async () => {
  let heapAfterFirst = 0;
  for (let i = 0; i < 20; i++) {
    const { state, text } = await create(v10, 'cpu', 1);
    assert.equal(state, 1, text);
    await runConstant(0.5, 160, 160);  // the v10 head needs >= 300 anchors
    m._probe_release();
    if (i === 0) heapAfterFirst = m.HEAPU8.length;
  }
  assert.equal(m.HEAPU8.length, heapAfterFirst);
  assert.equal(bridge.sessions.size, 0);
});

test('a session dropped while still being created is released when it arrives', async () => {
  const p = toHeap(m, v10);
  withCString(m, 'cpu', (s) => m._probe_create(p, v10.length, s, 1));
  m._free(p);
  m._probe_release();  // destroys the pending handle before the runtime finishes
  while (bridge.pendingCount() > 0) await bridge.whenAnySettles();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(bridge.jobs.size, 0);
  assert.equal(bridge.sessions.size, 0);
});
