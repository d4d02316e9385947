// The video worker (module worker: new Worker('js/video-worker.js', { type: 'module' })): probes
// clips and decodes their frames with FFmpeg compiled to wasm (web/js/video/ffmpeg-frames.js).
// The File is mounted (WORKERFS reads it in slices), never copied whole.
//
// Protocol (the page side is web/js/video-frames.js):
//   in  { probe: id, file }                                           -> { probe: id, json } | { probe: id, error }
//   in  { frames: id, file, frameNumbers, frameRate, startTime, width, height }
//                                                                     -> { frames: id, list, missing, error? }
//       list: [{ frame_number, pts_time, width, height, rgb: ArrayBuffer (transferred) }]
//   in  { stream: id, file, frameNumbers, frameRate, startTime, width, height, ctrl: Int32Array over a SharedArrayBuffer }
//                                                                     -> { stream: id, frame: { frame_number, pts_time, width, height, rgb } }
//                                                                        one per frame, as soon as it is decoded (rgb transferred),
//                                                                     -> { stream: id, done: true, missing, stopped, error?, noStreaming? } at the end
//       One FFmpeg pass for the whole list (decodeStream). Before each frame goes out the worker
//       takes one credit from ctrl[0], blocking (Atomics.wait) while there is none: the page adds
//       credit as it takes frames, so it never holds more than the credit it gave. ctrl[1] set by
//       the page stops the pass at the next frame. Needs crossOriginIsolated (SharedArrayBuffer);
//       a page without it uses `frames`. Being synchronous, a stream holds the worker: the page
//       sends probes and display frames to a second worker.
//   in  { stop: true }                                                -> nothing more is done
// Every failure comes back as an `error` string; a module that aborted, or wore out (the core
// does not survive many runs, see RUNS_PER_MODULE), is replaced by a fresh instance.
import { loadFfmpegCore, probeClip, decodeFramesRenewing, decodeStreamRenewing, creditWaiter, mountFile, worn }
  from './video/ffmpeg-frames.js';

// (A test harness running this file under Node names the core's place beforehand.)
const coreUrl = self.wlFfmpegCoreUrl ?? new URL('../vendor/ffmpeg/ffmpeg-core.js', import.meta.url).href;
const wasmUrl = self.wlFfmpegWasmUrl ?? new URL('../vendor/ffmpeg/ffmpeg-core.wasm', import.meta.url).href;

let stopped = false;
let module = null;  // Promise of the current FFmpeg module
let wasmBinary = null;  // the wasm bytes, fetched once and reused for every new instance

async function getModule(renew) {
  if (module && !renew) {
    const m = await module.catch(() => null);
    if (m && !worn(m)) return m;
  }
  module = (async () => {
    if (!wasmBinary) {
      const res = await fetch(wasmUrl);
      if (!res.ok) throw new Error(`the video decoder could not be loaded (${res.status} ${wasmUrl})`);
      wasmBinary = new Uint8Array(await res.arrayBuffer());
    }
    return loadFfmpegCore({ coreUrl, wasmBinary });
  })();
  return module;
}

const message = (e) => String(e?.message ?? e ?? 'unknown error');

async function probe(msg) {
  const m = await getModule(false);
  let mounted = null;
  try {
    mounted = mountFile(m, msg.file);
    const r = probeClip(m, mounted.path);
    return r.error ? { probe: msg.probe, error: r.error } : { probe: msg.probe, json: r.json };
  } finally {
    mounted?.unmount();
  }
}

async function frames(msg) {
  const r = await decodeFramesRenewing({ getModule, mount: (m) => mountFile(m, msg.file) }, {
    frames: msg.frameNumbers ?? [], frameRate: msg.frameRate, startTime: msg.startTime ?? 0,
    width: msg.width, height: msg.height,
  });
  const list = r.frames.map((f) => ({
    frame_number: f.frame_number, pts_time: f.pts_time, width: f.width, height: f.height,
    // slice() copies out of the module's heap-backed file, so the buffer can be transferred.
    rgb: f.rgb.byteOffset === 0 && f.rgb.byteLength === f.rgb.buffer.byteLength ? f.rgb.buffer : f.rgb.slice().buffer,
  }));
  const out = { frames: msg.frames, list, missing: r.missing };
  if (r.error) out.error = r.error;
  return { out, transfer: list.map((f) => f.rgb) };
}

async function stream(msg) {
  if (!self.crossOriginIsolated || !(msg.ctrl instanceof Int32Array)) {
    // The page thought it could stream but this worker cannot share memory: it falls back.
    return { stream: msg.stream, done: true, missing: msg.frameNumbers ?? [], noStreaming: true,
      error: 'streaming needs a cross-origin isolated page' };
  }
  const r = await decodeStreamRenewing({ getModule, mount: (m) => mountFile(m, msg.file) }, {
    frames: msg.frameNumbers ?? [], width: msg.width, height: msg.height,
    waitForCredit: creditWaiter(msg.ctrl),
    // Posted from inside FFmpeg's run: the page gets it now, not when the run ends.
    onFrame: (f) => self.postMessage({ stream: msg.stream, frame: { ...f, rgb: f.rgb.buffer } }, [f.rgb.buffer]),
  });
  const out = { stream: msg.stream, done: true, missing: r.missing, stopped: r.stopped };
  if (r.error) out.error = r.error;
  return out;
}

// One request at a time: FFmpeg's runs are synchronous anyway, and the module is shared.
let queue = Promise.resolve();
self.onmessage = (e) => {
  const msg = e.data ?? {};
  if (msg.stop) { stopped = true; return; }
  queue = queue.then(async () => {
    if (stopped) return;
    const isProbe = msg.probe !== undefined;
    try {
      if (isProbe) self.postMessage(await probe(msg));
      else if (msg.stream !== undefined) self.postMessage(await stream(msg));
      else {
        const { out, transfer } = await frames(msg);
        self.postMessage(out, transfer);
      }
    } catch (err) {
      // Whatever happened, the module is not trusted again.
      module = null;
      const error = `the video decoder failed: ${message(err)}`;
      self.postMessage(isProbe ? { probe: msg.probe, error }
        : msg.stream !== undefined ? { stream: msg.stream, done: true, missing: msg.frameNumbers ?? [], error }
        : { frames: msg.frames, list: [], missing: msg.frameNumbers ?? [], error });
    }
  });
};
