// Clips for the headless runner: the page's FFmpeg (wasm build, web/js/video/ffmpeg-frames.js)
// probes each clip and decodes the frames the core sampled, reading the file in slices (a 2 GB
// clip is never read whole). Sampling, checks and the clip's record are the core's
// (wl_runner_begin_clip / wl_runner_submit_frame), as in the page.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeFramesRenewing, loadFfmpegCore, mountNodeFile, probeClip, worn } from '../web/js/video/ffmpeg-frames.js';

// The same list as looks_like_video() in src/core/video/video_info.cpp.
export const VIDEO_EXTENSIONS = new Set(['.mp4', '.m4v', '.mov', '.avi', '.asf', '.wmv', '.mkv', '.webm', '.mts',
  '.m2ts', '.3gp', '.mpg', '.mpeg', '.ts']);
export const isVideo = (p) => VIDEO_EXTENSIONS.has(path.extname(p).toLowerCase());

// Each FFmpeg pass reads the clip from its start (exact frame numbers; see ffmpeg-frames.js),
// so a pass takes as many frames as this much memory holds (at least 4, at most 256): a 1080p
// clip's 180 sampled frames take 5 passes, a small clip's one. (The page streams one pass per
// clip through its worker instead; the runner does not yet.)
const PASS_BYTES = 256 << 20;
const framesPerPass = (clip) => Math.max(4, Math.min(256, Math.floor(PASS_BYTES / Math.max(1, clip.width * clip.height * 3))));

const coreDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '@ffmpeg', 'core', 'dist', 'esm');

export class ClipReader {
  constructor() {
    this.current = null;
    this.wasmBinary = null;
  }

  async module(renew = false) {
    if (!this.current || renew || worn(this.current)) {
      // ffmpeg-core.js is built for a Worker: it looks for `self` and a location.
      globalThis.self ??= globalThis;
      globalThis.location ??= { href: `file://${coreDir}/` };
      this.wasmBinary ??= fs.readFileSync(path.join(coreDir, 'ffmpeg-core.wasm'));
      this.current = await loadFfmpegCore({ coreUrl: `file://${coreDir}/ffmpeg-core.js`, wasmBinary: this.wasmBinary });
    }
    return this.current;
  }

  // ffprobe's JSON of the clip, or { error }.
  async probe(file) {
    const m = await this.module();
    const { path: p, unmount } = mountNodeFile(m, file);
    try {
      return probeClip(m, p);
    } finally {
      unmount();
    }
  }

  // Yields each of `numbers` in order: { frame_number, rgb, width, height, decodeMs } or
  // { frame_number, error }.
  async *frames(file, clip, numbers) {
    const perPass = framesPerPass(clip);
    for (let i = 0; i < numbers.length; i += perPass) {
      const want = numbers.slice(i, i + perPass);
      const t0 = performance.now();
      const r = await decodeFramesRenewing({ getModule: (renew) => this.module(renew), mount: (m) => mountNodeFile(m, file) }, {
        frames: want, frameRate: clip.frameRate, startTime: clip.startTime, width: clip.width, height: clip.height,
        maxBytes: PASS_BYTES,
      });
      const decodeMs = (performance.now() - t0) / Math.max(1, r.frames.length);
      const got = new Map(r.frames.map((f) => [f.frame_number, f]));
      for (const n of want) {
        const f = got.get(n);
        if (f) yield { frame_number: n, rgb: f.rgb, width: f.width, height: f.height, decodeMs };
        else yield { frame_number: n, error: r.error ? `the video decoder failed (${r.error})`
          : `frame ${n} is not in the clip (it ends earlier than its header says, or is truncated)` };
      }
    }
  }
}

// Runs one clip through the runner (runner/detect.mjs's openRunner()): probe, the core's
// sampling, each frame decoded and handed over in order, polled until the clip's record is
// made. What FFmpeg cannot read, and what the core refuses, are listed as failed with the reason.
// Returns { failed, detections, inferenceMs }.
export async function runClip(runner, clips, f) {
  const probe = await clips.probe(f.path);
  let clip = null;
  try {
    if (probe.error) runner.addFailure(f.name, runner.clipUnreadable(f.name, fs.statSync(f.path).size, probe.error));
    else clip = runner.beginClip(f.name, probe.json);
  } catch {
    clip = null;  // beginClip listed it as failed
  }
  if (!clip) return { failed: true, detections: 0, inferenceMs: 0 };
  let clipDone = false, detections = 0, inferenceMs = 0;
  for await (const frame of clips.frames(f.path, clip, clip.frames)) {
    runner.submitFrame(f.name, frame);
    const r = await runner.next();
    detections += r.detections.length;
    inferenceMs += r.timings.inferenceMs;
    clipDone = r.clipDone;
  }
  if (!clipDone) throw new Error(`internal: the clip ${f.name} did not finish`);
  return { failed: false, detections, inferenceMs };
}
