// Benchmark (not a test) of the video decoding layer (web/js/video/ffmpeg-frames.js) under Node:
//  1. decoded frames/s for every 10th frame of each fixture clip, FFmpeg wasm vs Debian's ffmpeg
//     CLI decoding the same frames (same select filter, RGB24 to memory), and the ratio;
//  2. a synthetic 60 s 720p clip made here with Debian's ffmpeg, every 10th frame: streamed vs
//     windowed vs the CLI, with peak memory (process RSS and the wasm heap).
// Usage: node scripts/bench-video.mjs [--seconds N (default 60)] [--no-windowed] [--fixtures DIR]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFfmpegCore, decodeFramesRenewing, decodeStreamRenewing, mountNodeFile, probeClip, worn } from '../web/js/video/ffmpeg-frames.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const fixtures = arg('--fixtures', path.resolve(repo, '../shared/fixtures/videos'));
if (!fs.existsSync('/usr/bin/ffmpeg')) { console.error('bench-video: Debian ffmpeg (/usr/bin/ffmpeg) is needed'); process.exit(2); }

const coreDir = path.join(repo, 'node_modules/@ffmpeg/core/dist/esm');
const wasmBinary = fs.readFileSync(path.join(coreDir, 'ffmpeg-core.wasm'));
let current = null, peakHeap = 0;
async function getModule(renew) {
  if (!current || renew || worn(current)) current = await loadFfmpegCore({ coreUrl: `file://${coreDir}/ffmpeg-core.js`, wasmBinary });
  return current;
}

async function clipInfo(clip) {
  const m = await getModule(false);
  const { path: p, unmount } = mountNodeFile(m, clip);
  const r = probeClip(m, p);
  unmount();
  const v = JSON.parse(r.json).streams.find((s) => s.codec_type === 'video');
  const [a, b] = v.r_frame_rate.split('/').map(Number);
  const frames = Number(v.nb_frames) || Math.round(Number(v.duration) * a / b);
  return { width: v.width, height: v.height, frameRate: a / b, startTime: Number(v.start_time) || 0, frames };
}

async function wasmDecode(clip, info, frames, extra = {}) {
  const t = performance.now();
  const r = await decodeFramesRenewing({ getModule, mount: (m) => mountNodeFile(m, clip) }, { ...info, frames, ...extra });
  peakHeap = Math.max(peakHeap, current.HEAPU8.length);
  return { ms: performance.now() - t, got: r.frames.length, r };
}

function cliDecode(clip, step) {
  const t = performance.now();
  const r = spawnSync('/usr/bin/ffmpeg', ['-v', 'error', '-i', clip, '-map', '0:v:0', '-vf', `select=not(mod(n\\,${step}))`,
    '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 30 });
  return { ms: performance.now() - t, bytes: r.stdout.length };
}

const rows = [];
const clips = [];
for (const dir of fs.existsSync(fixtures) ? fs.readdirSync(fixtures) : []) {
  for (const f of fs.readdirSync(path.join(fixtures, dir))) clips.push(path.join(fixtures, dir, f));
}
for (const clip of clips.sort()) {
  const info = await clipInfo(clip);
  const want = []; for (let n = 0; n < info.frames; n += 10) want.push(n);
  const w = await wasmDecode(clip, info, want);
  const c = cliDecode(clip, 10);
  const cliFrames = c.bytes / (info.width * info.height * 3);
  rows.push({ clip: path.basename(clip), size: `${info.width}x${info.height}`, frames: w.got,
    wasm: w.got / w.ms * 1000, cli: cliFrames / c.ms * 1000 });
}
const pad = (s, n) => String(s).padEnd(n);
console.log(`\n${pad('clip', 44)}${pad('size', 10)}${pad('frames', 8)}${pad('wasm f/s', 10)}${pad('CLI f/s', 10)}wasm/CLI`);
for (const r of rows) {
  console.log(`${pad(r.clip, 44)}${pad(r.size, 10)}${pad(r.frames, 8)}${pad(r.wasm.toFixed(0), 10)}${pad(r.cli.toFixed(0), 10)}${(r.wasm / r.cli).toFixed(2)}`);
}
// (Both sides count only the frames they hand back; each side decodes every frame before them.)

// A 60 s 1280x720 H.264 clip (testsrc2, made here with Debian's ffmpeg), every 10th frame, three
// ways: streamed (decodeStream: one pass, frames handed out as they come, dropped at once),
// windowed (the path without cross-origin isolation and the old prepare path: requests of 10
// frames, each a decodeFrames pass from the start, so quadratic) and Debian's CLI (one pass).
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-video-'));
const big = path.join(tmp, 'big.mp4');
const seconds = Number(arg('--seconds', 60));
console.log(`\nmaking ${seconds} s of 1280x720 H.264 with Debian ffmpeg...`);
execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=30', '-t', String(seconds),
  '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y', big]);
const bigInfo = await clipInfo(big);
const sizeMb = fs.statSync(big).size / 1e6;
const want = []; for (let n = 0; n < bigInfo.frames; n += 10) want.push(n);
const rss0 = process.memoryUsage().rss;
console.log(`\n${pad('big clip mode', 16)}${pad('MB', 8)}${pad('frames', 8)}${pad('s', 8)}${pad('f/s out', 9)}${pad('peak RSS MB', 13)}peak wasm heap MB`);
const row = (mode, got, s, peakRss) => console.log(`${pad(mode, 16)}${pad(sizeMb.toFixed(0), 8)}${pad(got, 8)}${pad(s.toFixed(1), 8)}`
  + `${pad((got / s).toFixed(1), 9)}${pad((peakRss / 1e6).toFixed(0), 13)}${(peakHeap / 1e6).toFixed(0)}`);
{
  let peakRss = 0, got = 0; peakHeap = 0;
  const t = performance.now();
  await decodeStreamRenewing({ getModule, mount: (m) => mountNodeFile(m, big) }, { ...bigInfo, frames: want,
    onFrame: () => { got++; peakRss = Math.max(peakRss, process.memoryUsage().rss); } });
  peakHeap = Math.max(peakHeap, current.HEAPU8.length);
  row('streamed', got, (performance.now() - t) / 1000, peakRss);
}
if (!process.argv.includes('--no-windowed')) {
  let peakRss = 0, got = 0; peakHeap = 0;
  const t = performance.now();
  for (let i = 0; i < want.length; i += 10) {
    const r = await wasmDecode(big, bigInfo, want.slice(i, i + 10));
    got += r.got;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  row('windowed (10)', got, (performance.now() - t) / 1000, peakRss);
}
const c = cliDecode(big, 10);
const cliGot = c.bytes / (bigInfo.width * bigInfo.height * 3);
console.log(`${pad('Debian CLI', 16)}${pad(sizeMb.toFixed(0), 8)}${pad(cliGot, 8)}${pad((c.ms / 1000).toFixed(1), 8)}${pad((cliGot / c.ms * 1000).toFixed(1), 9)}(one pass, all cores)`);
console.log(`(RSS before the big clip: ${(rss0 / 1e6).toFixed(0)} MB; the clip is read through WORKERFS slices, never whole)`);
fs.rmSync(tmp, { recursive: true, force: true });
