// Streamed video decoding (decodeStream in web/js/video/ffmpeg-frames.js, the `stream` request
// of web/js/video-worker.js, and the prepare path of web/js/video-frames.js):
//  * one pass gives byte for byte what decodeFrames gives (every 10th frame of every fixture);
//  * a truncated clip streams what is there and reports the rest missing;
//  * backpressure across threads: with a credit of 2 the consumer never holds more than 2
//    frames, and every frame still comes;
//  * the page side end to end (VideoFrames over the real worker script in worker_threads, with
//    a small Worker shim): frames in order from one stream, a passed frame restarts a stream,
//    stopping and terminating resolve what was pending with an error;
//  * memory stays bounded streaming a synthetic 60 s 720p clip (peak RSS is printed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker as NodeWorker } from 'node:worker_threads';
import { fixture, repoRoot } from './helpers.mjs';
import { loadFfmpegCore, probeClip, decodeFramesRenewing, decodeStream, decodeStreamRenewing, mountNodeFile, worn }
  from '../../web/js/video/ffmpeg-frames.js';

const FFMPEG = '/usr/bin/ffmpeg';
const ZAMBA = ['benjamin_04250002_106x60_30fps.MP4', 'chimpandsee_PICT0074_msmpeg4v3.ASF', 'chimpandsee_PICT0146_106x60_1fps.AVI',
  'densepose_chimp_320x180.mp4', 'gorongosa_baboon_07120049_106x60_30fps.AVI', 'grumeti_09100029_Eland_106x60_30fps.MP4',
  'grumeti_09190048_Hyena_80x60_30fps.AVI', 'lope_gorilla_EK000059_106x60_30fps.AVI'];
const CLIPS = ['camtrapR/20251112_100312.mp4', ...ZAMBA.map((f) => `zamba_fixtures/${f}`)].map((rel) => fixture(`videos/${rel}`));
const BABOON = CLIPS.find((c) => c.includes('gorongosa_baboon'));
const skip = !fs.existsSync(FFMPEG) ? 'Debian ffmpeg is not installed in /usr/bin'
  : !CLIPS.every((c) => fs.existsSync(c)) ? 'the video fixtures are missing (../shared/fixtures/videos)' : false;
if (skip) console.log(`# video-stream: skipped: ${skip}`);

const coreDir = path.join(repoRoot, 'node_modules/@ffmpeg/core/dist/esm');
const coreUrl = pathToFileURL(path.join(coreDir, 'ffmpeg-core.js')).href;
const framesUrl = pathToFileURL(path.join(repoRoot, 'web/js/video/ffmpeg-frames.js')).href;
const wasmBinary = skip ? null : fs.readFileSync(path.join(coreDir, 'ffmpeg-core.wasm'));
let current = null;
async function getModule(renew) {
  if (!current || renew || worn(current)) current = await loadFfmpegCore({ coreUrl, wasmBinary });
  return current;
}
const tmp = skip ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'video-stream-'));
process.on('exit', () => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

async function info(clip) {
  const m = await getModule(false);
  const { path: p, unmount } = mountNodeFile(m, clip);
  const r = probeClip(m, p);
  unmount();
  const v = JSON.parse(r.json).streams.find((s) => s.codec_type === 'video');
  const [a, b] = v.r_frame_rate.split('/').map(Number);
  const count = Number(v.nb_frames) || Math.round(Number(v.duration) * a / b);
  return { width: v.width, height: v.height, frameRate: a / b, startTime: Number(v.start_time) || 0, count };
}
const every10 = (count) => Array.from({ length: Math.ceil(count / 10) }, (_, i) => i * 10);
const mount = (clip) => (m) => mountNodeFile(m, clip);

test('stream: one pass gives decodeFrames\' exact frames, byte for byte', { skip }, async () => {
  for (const clip of CLIPS) {
    const i = await info(clip);
    const want = [...every10(i.count), i.count + 5];  // and one past the end
    const ref = await decodeFramesRenewing({ getModule, mount: mount(clip) }, { ...i, frames: want, maxBytes: 1 << 30 });
    const got = [];
    const r = await decodeStreamRenewing({ getModule, mount: mount(clip) }, { ...i, frames: want, onFrame: (f) => got.push(f) });
    const label = path.basename(clip);
    assert.equal(r.error, undefined, `${label}: ${r.error}`);
    assert.deepEqual(got.map((f) => [f.frame_number, f.pts_time]), ref.frames.map((f) => [f.frame_number, f.pts_time]), label);
    got.forEach((f, k) => assert.ok(Buffer.from(f.rgb).equals(Buffer.from(ref.frames[k].rgb)), `${label} frame ${f.frame_number}`));
    assert.deepEqual(r.missing, ref.missing, `${label}: the same frames missing`);
    assert.equal(r.delivered, got.length);
  }
});

test('stream: a truncated clip streams what is there, the rest is missing', { skip }, async () => {
  const cut = path.join(tmp, 'half-baboon.avi');
  const bytes = fs.readFileSync(BABOON);
  fs.writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
  const i = await info(BABOON);
  const want = every10(i.count);
  const ref = await decodeFramesRenewing({ getModule, mount: mount(cut) }, { ...i, frames: want, maxBytes: 1 << 30 });
  const got = [];
  const r = await decodeStreamRenewing({ getModule, mount: mount(cut) }, { ...i, frames: want, onFrame: (f) => got.push(f) });
  assert.ok(got.length > 0 && got.length < want.length, `${got.length} of ${want.length}`);
  assert.deepEqual(got.map((f) => f.frame_number), ref.frames.map((f) => f.frame_number));
  got.forEach((f, k) => assert.ok(Buffer.from(f.rgb).equals(Buffer.from(ref.frames[k].rgb))));
  assert.deepEqual(r.missing, want.slice(got.length));
  assert.equal(r.error, undefined, 'a clip that is partly there is not an error');
  console.log(`# truncated: ${got.length} of ${want.length} frames streamed, ${r.missing.length} missing`);
});

test('stream: stopping from the credit callback ends the pass, the module stays usable', { skip }, async () => {
  const clip = CLIPS.find((c) => c.includes('densepose'));
  const i = await info(clip);
  const m = await getModule(false);
  const { path: p, unmount } = mountNodeFile(m, clip);
  let calls = 0;
  const got = [];
  const r = decodeStream(m, p, { ...i, frames: every10(i.count), onFrame: (f) => got.push(f), waitForCredit: () => ++calls <= 3 });
  const again = decodeStream(m, p, { ...i, frames: [0, 10], onFrame: () => {} });
  unmount();
  assert.equal(got.length, 3);
  assert.ok(r.stopped);
  assert.equal(r.error, undefined);
  assert.equal(again.delivered, 2);
  assert.ok(!m.broken);
});

// A worker_threads Worker running decodeStream with the real Atomics credit (creditWaiter).
function streamWorker(clip, opts, credit) {
  const ctrl = new Int32Array(new SharedArrayBuffer(8));
  ctrl[0] = credit;
  const code = `
    const { parentPort, workerData: w } = require('node:worker_threads');
    (async () => {
      const f = await import(w.framesUrl);
      const fs = require('node:fs');
      const m = await f.loadFfmpegCore({ coreUrl: w.coreUrl, wasmBinary: fs.readFileSync(w.wasm) });
      const { path, unmount } = f.mountNodeFile(m, w.clip);
      const r = f.decodeStream(m, path, { ...w.opts, waitForCredit: f.creditWaiter(w.ctrl),
        onFrame: (fr) => parentPort.postMessage({ frame: { ...fr, rgb: fr.rgb.buffer } }, [fr.rgb.buffer]) });
      unmount();
      parentPort.postMessage({ done: r });
    })();`;
  const worker = new NodeWorker(code, { eval: true,
    workerData: { framesUrl, coreUrl, wasm: path.join(coreDir, 'ffmpeg-core.wasm'), clip, opts, ctrl } });
  return { worker, ctrl };
}

test('backpressure: with a credit of 2 the consumer never holds more than 2 frames, and all come', { skip }, async () => {
  const clip = CLIPS.find((c) => c.includes('densepose'));
  const i = await info(clip);
  const want = every10(i.count);
  const { worker, ctrl } = streamWorker(clip, { width: i.width, height: i.height, frames: want }, 2);
  const held = [], got = [];
  let most = 0;
  const done = await new Promise((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (msg) => {
      if (msg.done) { resolve(msg.done); return; }
      held.push(msg.frame);
      most = Math.max(most, held.length);
      // A slow consumer: each frame is taken 30 ms later, and only then is its credit given back.
      setTimeout(() => { got.push(held.shift().frame_number); Atomics.add(ctrl, 0, 1); Atomics.notify(ctrl, 0); }, 30);
    });
  });
  await worker.terminate();
  await new Promise((r) => setTimeout(r, 60));
  assert.ok(most <= 2, `held ${most} frames at once`);
  assert.deepEqual(got, want);
  assert.deepEqual(done.missing, []);
});

// ---- the page side over the real worker script ----
// A Web Worker look-alike over worker_threads: the worker's global gets self, postMessage,
// onmessage, crossOriginIsolated and a fetch for file: URLs, then imports video-worker.js.
// Files are posted as { hostPath } and become File look-alikes there (nodeFileBlob).
class ShimWorker {
  constructor(url) {
    const code = `
      const { parentPort, workerData: w } = require('node:worker_threads');
      globalThis.self = globalThis;
      self.crossOriginIsolated = w.isolated;
      self.wlFfmpegCoreUrl = w.coreUrl;
      self.wlFfmpegWasmUrl = w.wasmUrl;
      const fs = require('node:fs');
      self.fetch = async (u) => { const b = fs.readFileSync(new URL(u)); return { ok: true, status: 200, arrayBuffer: async () => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) }; };
      self.postMessage = (msg, transfer) => parentPort.postMessage(msg, transfer);
      (async () => {
        const { nodeFileBlob } = await import(w.framesUrl);
        await import(w.url);
        parentPort.on('message', (data) => { if (data && data.file) data.file = nodeFileBlob(data.file.hostPath); self.onmessage({ data }); });
      })();`;
    this.w = new NodeWorker(code, { eval: true, workerData: { url, framesUrl, coreUrl, isolated: ShimWorker.isolated,
      wasmUrl: pathToFileURL(path.join(coreDir, 'ffmpeg-core.wasm')).href } });
    this.w.on('message', (data) => this.onmessage?.({ data }));
    this.w.on('error', (e) => this.onerror?.({ message: e.message, preventDefault() {} }));
    ShimWorker.started++;
  }
  postMessage(msg, transfer) { this.w.postMessage(msg, transfer); }
  terminate() { this.w.terminate(); }
}
ShimWorker.started = 0;
ShimWorker.isolated = true;

async function pageSide() {
  globalThis.Worker = ShimWorker;
  const { VideoFrames } = await import('../../web/js/video-frames.js');
  const files = { file: (id) => ({ hostPath: id }) };
  return new VideoFrames(files, { workerUrl: pathToFileURL(path.join(repoRoot, 'web/js/video-worker.js')).href, streaming: true });
}
const request = (i, number, ahead) => ({ number, ahead, frame_rate: i.frameRate, start_time: i.startTime, width: i.width, height: i.height });

test('page: frames in order from one stream; a passed frame restarts; stop and kill fail what is pending', { skip }, async () => {
  const clip = CLIPS.find((c) => c.includes('densepose'));
  const i = await info(clip);
  const want = every10(i.count);
  const ref = await decodeFramesRenewing({ getModule, mount: mount(clip) }, { ...i, frames: want, maxBytes: 1 << 30 });
  const vf = await pageSide();
  // Three requests in flight at a time, as the batch asks (a job staged, two prepared ahead).
  const results = [];
  for (let k = 0; k < want.length; k += 3) {
    const batch = want.slice(k, k + 3).map((n, j) => vf.frameForPrepare(clip, request(i, n, want.slice(k + j + 1))));
    results.push(...await Promise.all(batch));
  }
  results.forEach((f, k) => {
    assert.equal(f.error, undefined, `frame ${want[k]}: ${f.error}`);
    assert.ok(Buffer.from(f.rgb).equals(Buffer.from(ref.frames[k].rgb)), `frame ${want[k]}`);
  });
  assert.equal(vf.nextStream, 2, 'one stream for the whole clip');
  const past = await vf.frameForPrepare(clip, request(i, i.count + 10, []));
  assert.match(past.error, /not in the clip/);

  // An earlier frame again: a new stream; then another clip supersedes it with frames unconsumed.
  const again = await vf.frameForPrepare(clip, request(i, 20, want.slice(3)));
  assert.ok(Buffer.from(again.rgb).equals(Buffer.from(ref.frames[2].rgb)));
  const other = CLIPS.find((c) => c.includes('benjamin'));
  const oi = await info(other);
  const first = await vf.frameForPrepare(other, request(oi, 0, [10, 20]));
  assert.equal(first.error, undefined);
  assert.equal(vf.streams.size, 1, 'the superseded stream is gone');

  // Killing the worker (a hang) resolves what is pending with an error and drops held frames.
  const pending = vf.frameForPrepare(clip, request(i, 0, want.slice(1)));
  vf.prepare.kill('killed by the test');
  assert.match((await pending).error, /killed by the test/);
  assert.equal(vf.streams.size, 0);
  const after = await vf.frameForPrepare(clip, request(i, 10, want.slice(2)));
  assert.ok(Buffer.from(after.rgb).equals(Buffer.from(ref.frames[1].rgb)), 'a fresh worker takes over');
  vf.stopStreams();
  vf.prepare.kill('end'); vf.display.kill('end');
});

test('memory: streaming a 60 s 720p clip (every 10th frame) stays bounded', { skip, timeout: 600000 }, async () => {
  const clip = path.join(tmp, 'testsrc-720p.mp4');
  execFileSync(FFMPEG, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=30', '-t', '60', '-c:v', 'libx264',
    '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-y', clip]);
  const i = await info(clip);
  const want = every10(i.count);
  const rss0 = process.memoryUsage().rss;
  let peak = rss0, got = 0;
  const t = performance.now();
  const r = await decodeStreamRenewing({ getModule, mount: mount(clip) }, { ...i, frames: want,
    onFrame: (f) => { got++; assert.equal(f.rgb.length, 1280 * 720 * 3); peak = Math.max(peak, process.memoryUsage().rss); } });
  const s = (performance.now() - t) / 1000;
  assert.equal(got, want.length);
  assert.deepEqual(r.missing, []);
  const heap = current.HEAPU8.length;
  console.log(`# 720p 60 s: ${got} frames in ${s.toFixed(1)} s (${(got / s).toFixed(1)} sampled frames/s, `
    + `${(i.count / s).toFixed(0)} decoded frames/s); RSS ${(rss0 / 1e6).toFixed(0)} -> peak ${(peak / 1e6).toFixed(0)} MB, wasm heap ${(heap / 1e6).toFixed(0)} MB`);
  // The frames are dropped as they come: growth is the module's heap and a frame or two, not 180 frames (500 MB).
  assert.ok(peak - rss0 < 400e6, `RSS grew by ${((peak - rss0) / 1e6).toFixed(0)} MB`);
});

test('page: a worker that cannot share memory falls back to windowed passes, same frames', { skip }, async () => {
  const clip = CLIPS.find((c) => c.includes('densepose'));
  const i = await info(clip);
  const want = every10(i.count);
  const ref = await decodeFramesRenewing({ getModule, mount: mount(clip) }, { ...i, frames: want, maxBytes: 1 << 30 });
  ShimWorker.isolated = false;
  try {
    const vf = await pageSide();
    const got = [];
    for (let k = 0; k < want.length; k++) got.push(await vf.frameForPrepare(clip, request(i, want[k], want.slice(k + 1))));
    got.forEach((f, k) => assert.ok(f.rgb && Buffer.from(f.rgb).equals(Buffer.from(ref.frames[k].rgb)), `frame ${want[k]}: ${f.error}`));
    assert.equal(vf.streaming, false);
    vf.prepare.kill('end'); vf.display.kill('end');
  } finally {
    ShimWorker.isolated = true;
  }
});
