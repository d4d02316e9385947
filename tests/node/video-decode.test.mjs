// The video decoding layer (web/js/video/ffmpeg-frames.js, FFmpeg 5.1 compiled to wasm) against
// Debian's ffprobe/ffmpeg as the oracle, on the fixture clips (MP4 h264, AVI mpeg4, ASF
// msmpeg4v3, 1 to 30 fps, 80x60 to 1280x720, one variable-rate phone clip):
//  * probe fields equal ffprobe's;
//  * sampled frames (every 10th, the first and the last) have ffprobe -show_frames' timestamp
//    and Debian ffmpeg's pixels (frame n of its passthrough decode: no frame dropped or doubled);
//  * windowed decoding (a few frames per FFmpeg run, with seeking) gives the same as one run;
//  * bad input (empty, not a video, audio only, cut short) fails softly or decodes what is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixture, repoRoot } from './helpers.mjs';
import { loadFfmpegCore, probeClip, decodeFrames, decodeFramesRenewing, mountNodeFile, worn } from '../../web/js/video/ffmpeg-frames.js';

const FFMPEG = '/usr/bin/ffmpeg', FFPROBE = '/usr/bin/ffprobe';
const CLIPS = [
  'camtrapR/20251112_100312.mp4',
  ...['benjamin_04250002_106x60_30fps.MP4', 'chimpandsee_PICT0074_msmpeg4v3.ASF', 'chimpandsee_PICT0146_106x60_1fps.AVI',
    'densepose_chimp_320x180.mp4', 'gorongosa_baboon_07120049_106x60_30fps.AVI', 'grumeti_09100029_Eland_106x60_30fps.MP4',
    'grumeti_09190048_Hyena_80x60_30fps.AVI', 'lope_gorilla_EK000059_106x60_30fps.AVI'].map((f) => `zamba_fixtures/${f}`),
].map((rel) => fixture(`videos/${rel}`));

const skip = !fs.existsSync(FFMPEG) || !fs.existsSync(FFPROBE) ? 'Debian ffmpeg/ffprobe (the oracle) is not installed in /usr/bin'
  : !CLIPS.every((c) => fs.existsSync(c)) ? 'the video fixtures are missing (../shared/fixtures/videos)' : false;
if (skip) console.log(`# video-decode: skipped: ${skip}`);

const coreDir = path.join(repoRoot, 'node_modules/@ffmpeg/core/dist/esm');
const wasmBinary = skip ? null : fs.readFileSync(path.join(coreDir, 'ffmpeg-core.wasm'));
// The core wears out after ~100 runs (see RUNS_PER_MODULE): a fresh instance when due.
let current = null;
async function getModule(renew) {
  if (!current || renew || worn(current)) current = await loadFfmpegCore({ coreUrl: `file://${coreDir}/ffmpeg-core.js`, wasmBinary });
  return current;
}
const tmp = skip ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'video-decode-'));
process.on('exit', () => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

const run = (cmd, args) => execFileSync(cmd, args, { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });
const rate = (s) => { const [a, b] = s.split('/').map(Number); return a / b; };

// What Debian's tools say about a clip: ffprobe's first video stream and format, every frame's
// timestamp, and the whole clip decoded to RGB24 without dropping or doubling frames.
function oracle(clip) {
  const probe = JSON.parse(run(FFPROBE, ['-v', 'error', '-show_entries',
    'stream=index,codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,nb_frames,duration,time_base,start_time'
      + ':format=duration,format_name,size', '-of', 'json', clip]).toString());
  const video = probe.streams.find((s) => s.codec_type === 'video');
  const pts = run(FFPROBE, ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'frame=pts_time,best_effort_timestamp_time',
    '-of', 'csv=p=0', clip]).toString().trim().split('\n').filter(Boolean)
    .map((l) => { const [p, b] = l.split(','); return Number(p === 'N/A' || p === '' ? b : p); });
  const rgb = run(FFMPEG, ['-v', 'error', '-i', clip, '-map', '0:v:0', '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  return { probe, video, pts, rgb, frameBytes: video ? video.width * video.height * 3 : 0 };
}

// Mean and max absolute difference between a decoded frame and the oracle's frame n.
function diff(rgb, o, n) {
  const ref = o.rgb.subarray(n * o.frameBytes, (n + 1) * o.frameBytes);
  let sum = 0, max = 0;
  for (let i = 0; i < ref.length; i++) { const d = Math.abs(rgb[i] - ref[i]); sum += d; if (d > max) max = d; }
  return { mean: sum / ref.length, max };
}

function decodeClip(clip, frames, video, maxBytes) {
  return decodeFramesRenewing({ getModule, mount: (m) => mountNodeFile(m, clip) }, { frames, frameRate: rate(video.r_frame_rate),
    startTime: Number(video.start_time) || 0, width: video.width, height: video.height, maxBytes });
}

const sampled = (count) => [...new Set([0, ...Array.from({ length: Math.ceil(count / 10) }, (_, i) => i * 10), count - 1])]
  .filter((n) => n < count).sort((a, b) => a - b);

// Checks frames against the oracle and returns the worst mean and max pixel difference seen.
function checkFrames(res, o, label) {
  let worstMean = 0, worstMax = 0, worstPts = 0;
  for (const f of res.frames) {
    assert.equal(f.rgb.length, o.frameBytes, `${label} frame ${f.frame_number} size`);
    const d = diff(f.rgb, o, f.frame_number);
    assert.ok(d.mean <= 1, `${label} frame ${f.frame_number}: mean pixel difference ${d.mean.toFixed(3)}`);
    const dt = Math.abs(f.pts_time - o.pts[f.frame_number]);
    assert.ok(dt <= 0.001, `${label} frame ${f.frame_number}: pts_time ${f.pts_time} vs ffprobe ${o.pts[f.frame_number]}`);
    worstMean = Math.max(worstMean, d.mean); worstMax = Math.max(worstMax, d.max); worstPts = Math.max(worstPts, dt);
  }
  return { worstMean, worstMax, worstPts };
}

const oracles = new Map();
const oracleOf = (clip) => { if (!oracles.has(clip)) oracles.set(clip, oracle(clip)); return oracles.get(clip); };

test('probe: the fields C++ reads equal Debian ffprobe\'s, on every fixture clip', { skip }, async () => {
  for (const clip of CLIPS) {
    const o = oracleOf(clip);
    const m = await getModule(false);
    const { path: p, unmount } = mountNodeFile(m, clip);
    const r = probeClip(m, p);
    unmount();
    assert.equal(r.error, undefined, `${clip}: ${r.error}`);
    const got = JSON.parse(r.json);
    const v = got.streams.find((s) => s.codec_type === 'video');
    for (const k of ['index', 'codec_name', 'width', 'height', 'r_frame_rate', 'avg_frame_rate', 'nb_frames', 'time_base', 'start_time']) {
      assert.equal(v[k], o.video[k], `${path.basename(clip)} stream ${k}`);
    }
    assert.equal(Number(v.duration), Number(o.video.duration), `${path.basename(clip)} stream duration`);
    assert.equal(Number(got.format.duration), Number(o.probe.format.duration), `${path.basename(clip)} format duration`);
    assert.equal(got.format.format_name, o.probe.format.format_name);
    assert.equal(Number(got.format.size), fs.statSync(clip).size);
    assert.equal(got.streams.length, o.probe.streams.length);
  }
});

test('frames: every 10th, first and last frame have ffprobe\'s pts_time and Debian ffmpeg\'s pixels', { skip }, async () => {
  const rows = [];
  for (const clip of CLIPS) {
    const o = oracleOf(clip);
    const count = o.pts.length;
    assert.equal(o.rgb.length, count * o.frameBytes, `${clip}: oracle decode and ffprobe agree on the frame count`);
    const want = sampled(count);
    const res = await decodeClip(clip, [...want, count + 5], o.video);
    assert.equal(res.error, undefined, res.error);
    assert.deepEqual(res.frames.map((f) => f.frame_number), want, path.basename(clip));
    assert.deepEqual(res.missing, [count + 5], 'a frame past the end is missing');
    rows.push({ clip: path.basename(clip), frames: want.length, ...checkFrames(res, o, path.basename(clip)) });
  }
  const fmt = (r) => `${r.clip}: ${r.frames} frames, mean diff <= ${r.worstMean.toFixed(4)}, max ${r.worstMax}, pts off <= ${(r.worstPts * 1e3).toFixed(4)} ms`;
  console.log(rows.map((r) => `# ${fmt(r)}`).join('\n'));
});

test('windows: a few frames per FFmpeg run give what one run gives', { skip }, async () => {
  for (const clip of CLIPS) {
    const o = oracleOf(clip);
    const want = sampled(o.pts.length);
    const big = await decodeClip(clip, want, o.video);
    const small = await decodeClip(clip, want, o.video, 3 * o.frameBytes);  // 3 frames a window
    assert.equal(big.passes.fromStart + big.passes.seek, 1, `${path.basename(clip)}: one pass with a big budget`);
    assert.ok(small.passes.fromStart >= Math.ceil(want.length / 3), `${path.basename(clip)}: many windows with a small budget (${JSON.stringify(small.passes)}, ${want.length} frames, ${small.error}, ${JSON.stringify(small.missing)} ${o.pts.length} ${JSON.stringify(o.video)})`);
    assert.deepEqual(small.missing, big.missing);
    assert.deepEqual(small.frames.map((f) => [f.frame_number, f.pts_time]), big.frames.map((f) => [f.frame_number, f.pts_time]));
    small.frames.forEach((f, i) => assert.ok(Buffer.from(f.rgb).equals(Buffer.from(big.frames[i].rgb)), `${path.basename(clip)} frame ${f.frame_number}`));
    const { worstMean } = checkFrames(small, o, `${path.basename(clip)} (windowed)`);
    console.log(`# windows ${path.basename(clip)}: ${small.passes.fromStart} runs; mean diff <= ${worstMean.toFixed(4)}`);
  }
});

test('seeking (opt-in): same frames on the clips whose timestamps never skip', { skip }, async () => {
  const lines = [];
  for (const clip of CLIPS) {
    const o = oracleOf(clip);
    const want = sampled(o.pts.length);
    const video = o.video;
    const res = await decodeFramesRenewing({ getModule, mount: (m) => mountNodeFile(m, clip) }, { frames: want,
      frameRate: rate(video.r_frame_rate), startTime: Number(video.start_time) || 0, width: video.width, height: video.height,
      maxBytes: 3 * o.frameBytes, seek: true });
    // Exact when frame n's time is n / fps for every frame (what seeking assumes).
    const onGrid = o.pts.every((t, n) => Math.abs(t * rate(video.r_frame_rate) - n) < 0.25);
    const same = res.frames.length === want.length && res.frames.every((f) => Math.abs(f.pts_time - o.pts[f.frame_number]) <= 0.001);
    if (onGrid) {
      assert.ok(same, `${path.basename(clip)}: seeking gives the exact frames`);
      checkFrames(res, o, `${path.basename(clip)} (seeking)`);
    }
    lines.push(`# seek ${path.basename(clip)}: ${res.passes.seek} seeking runs, on grid ${onGrid}, exact ${same}`);
  }
  console.log(lines.join('\n'));
});

test('windows: a variable-rate clip is decoded exactly even where the frame-rate grid would mislead', { skip }, async () => {
  // A clip whose timestamps leave the nominal grid: 10 fps, but from 6.0 s on every other frame
  // is dropped from the timeline (gaps of 0.2 s) while the stream still says 10 fps. The window
  // [61, 70] seeks, finds a frame at 7.0 s (really frame 65) but none at 6.1 s, so the window is
  // decoded again from the start, off-grid timestamps are seen, and seeking stops for the clip.
  // (A window whose every frame lands on an existing timestamp would not be caught: see the
  // caveat in ffmpeg-frames.js.)
  const clip = path.join(tmp, 'vfr.mkv');
  run(FFMPEG, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=10:duration=12', '-vf', 'select=not(between(n\\,61\\,119)*mod(n\\,2))',
    '-fps_mode', 'passthrough', '-c:v', 'mpeg4', '-g', '5', '-y', clip]);
  const o = oracle(clip);
  const want = [0, 30, 59, 60, 61, 70, 90, 110].filter((n) => n < o.pts.length);
  const small = await decodeFramesRenewing({ getModule, mount: (m) => mountNodeFile(m, clip) }, { frames: want,
    frameRate: 10, width: 64, height: 48, maxBytes: 2 * o.frameBytes, seek: true });
  assert.deepEqual(small.frames.map((f) => f.frame_number), want);
  checkFrames(small, o, 'vfr');
});

test('bad input: empty, not a video, audio only: an error to show, nothing thrown', { skip }, async () => {
  const empty = path.join(tmp, 'empty.mp4');
  fs.writeFileSync(empty, '');
  const text = path.join(tmp, 'notes.mp4');
  fs.writeFileSync(text, 'These are my field notes, not a video.\n'.repeat(50));
  const audio = path.join(tmp, 'audio.m4a');
  run(FFMPEG, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'aac', '-y', audio]);
  const m = await getModule(true);
  for (const file of [empty, text]) {
    const { path: p, unmount } = mountNodeFile(m, file);
    const r = probeClip(m, p);
    assert.match(r.error ?? '', /Invalid data|moov/, `${path.basename(file)}: ${r.error}`);
    const d = decodeFrames(m, p, { frames: [0, 1], frameRate: 30, width: 64, height: 48 });
    unmount();
    assert.deepEqual(d.frames, []);
    assert.deepEqual(d.missing, [0, 1]);
    assert.ok(d.error, 'the reason is given');
  }
  const { path: p, unmount } = mountNodeFile(m, audio);
  const r = probeClip(m, p);
  assert.equal(r.error, undefined);
  assert.ok(!JSON.parse(r.json).streams.some((s) => s.codec_type === 'video'), 'no video stream: C++ decides');
  const d = decodeFrames(m, p, { frames: [0], frameRate: 30, width: 64, height: 48 });
  unmount();
  assert.deepEqual(d.missing, [0]);
  assert.ok(d.error);
  assert.ok(!m.broken, 'the module is still usable');
});

test('truncated clips: the frames that are there come back, the rest are missing', { skip }, async () => {
  const mp4 = CLIPS.find((c) => c.endsWith('densepose_chimp_320x180.mp4'));
  const avi = CLIPS.find((c) => c.endsWith('gorongosa_baboon_07120049_106x60_30fps.AVI'));
  // The fixture MP4s keep their index (moov) at the end, so half of one cannot be opened at all;
  // the same clip with the index first (faststart) can, up to where it was cut.
  const fast = path.join(tmp, 'faststart.mp4');
  run(FFMPEG, ['-v', 'error', '-i', mp4, '-c', 'copy', '-movflags', '+faststart', '-y', fast]);
  for (const src of [mp4, fast, avi]) {
    const cut = path.join(tmp, `half-${path.basename(src)}`);
    const bytes = fs.readFileSync(src);
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    const full = oracleOf(src);
    const want = sampled(full.pts.length);
    const frameBytes = full.frameBytes;
    let o = null;
    try { o = oracle(cut); } catch { /* Debian ffmpeg cannot open it either */ }
    const res = await decodeClip(cut, want, full.video, 4 * frameBytes);
    const label = path.basename(cut);
    assert.deepEqual([...res.frames.map((f) => f.frame_number), ...res.missing].sort((a, b) => a - b), want, label);
    if (!o || !o.pts.length) {
      assert.deepEqual(res.frames, [], `${label}: nothing to decode`);
      assert.ok(res.error, `${label}: the reason is given`);
      continue;
    }
    // Every sampled frame Debian's ffmpeg decodes from the cut file comes back, equal to it.
    const there = want.filter((n) => n < o.pts.length);
    assert.ok(there.length > 0 && there.length < want.length, label);
    assert.deepEqual(res.frames.map((f) => f.frame_number), there, label);
    checkFrames(res, o, label);
    console.log(`# ${label}: ${there.length} of ${want.length} sampled frames there, ${res.missing.length} missing`);
  }
});
