// Video probing and frame decoding with FFmpeg compiled to wasm (@ffmpeg/core 0.12, single
// thread). No DOM: it runs in the video worker (web/js/video-worker.js) and under Node (the
// oracle tests and scripts/bench-video.mjs).
//
// Frame numbers are 0-based in decode/presentation order, the way OpenCV (and so MegaDetector's
// video scripts) count them: frame n is the n-th picture the decoder gives out. Two ways to reach
// frame n, both used here:
//  - from the start, selecting by the filter's frame counter `n`: exact by construction, but it
//    decodes everything before n;
//  - with input seeking (-ss before -i) and selecting by time, n = round((t - start) * fps):
//    exact when the clip's timestamps lie on that grid (constant frame rate). Every frame that
//    comes back is checked against the grid, and a window that fails the check, or lacks a frame
//    the clip should hold, is decoded again from the start; after one failure the clip is
//    treated as variable-rate and only the exact way is used.
//    This is NOT exact for a clip that skips a timestamp before the window (an AVI with a
//    dropped frame: in the fixture gorongosa_baboon_07120049 frame n has frame n+1's time from
//    some point on). The checks cannot see that, so seeking is opt-in (seek: true) and the
//    default is the exact way.
// decodeFrames: decoded RGB goes to a file in the module's memory filesystem, one window at a
// time (at most maxBytes of it), and is deleted once read; each window is a pass from the start.
// decodeStream: one exact pass for a whole list, each frame handed out as soon as it is written
// (to a character device), with backpressure; what the batch uses (see video-worker.js).

const nodeFs = typeof process !== 'undefined' && process.versions?.node ? await import('node:fs') : null;

// Seeking pays off only past the first GOP or two; closer than this we decode from the start.
const SEEK_MIN_S = 2;
// How far off the frame-rate grid (in frames) a timestamp may be and still count as on it.
// Variable-rate phone clips drift by well under a tenth of a frame; a dropped frame is a whole one.
const GRID_TOLERANCE = 0.25;
const MOUNT_DIR = '/clip';
// The core does not survive many runs in one instance: here, after about 90-130 ffmpeg runs it
// began to return without running, then to fail with "memory access out of bounds", or to spin
// forever. So a module is used for this many runs and then replaced (a new instance of the
// compiled wasm takes about 0.3 s); decodeFramesRenewing does that between windows.
export const RUNS_PER_MODULE = 40;
export const worn = (m) => Boolean(m.broken) || (m.runs ?? 0) >= RUNS_PER_MODULE;

export async function loadFfmpegCore({ coreUrl, wasmBinary, wasmUrl } = {}) {
  // The core is built for a Worker only (ENVIRONMENT_IS_WORKER = true): under Node it needs
  // `self` and `location` to exist. In a Worker both are there and nothing is changed.
  if (typeof globalThis.self === 'undefined') globalThis.self = globalThis;
  if (typeof globalThis.location === 'undefined') globalThis.location = { href: 'file:///' };
  const url = coreUrl ?? new URL('../../vendor/ffmpeg/ffmpeg-core.js', import.meta.url).href;
  const create = (await import(url)).default;
  const opts = { locateFile: (p) => (p.endsWith('.wasm') && wasmUrl ? wasmUrl : p) };
  if (wasmBinary) opts.wasmBinary = wasmBinary;
  const m = await create(opts);
  m.setLogger(() => {});
  return m;
}

// Runs one ffmpeg/ffprobe invocation, collecting its log. A thrown error other than FFmpeg's
// own exit (which the core turns into a return code) means the module is unusable: it is marked
// broken so the owner makes a new one.
function run(m, tool, args, onLine) {
  // Now and then (seen after a few hundred runs in one module) the core's ffmpeg returns at
  // once without running or logging anything; a second call runs normally.
  for (let attempt = 0; ; attempt++) {
    let heard = false;
    m.runs = (m.runs ?? 0) + 1;
    const r = runOnce(m, tool, args, (line) => { heard = true; return onLine ? onLine(line) : false; });
    if (heard || r.thrown || tool === 'ffprobe') return r;  // ffprobe -v error is silent when fine
    if (attempt === 2) { m.broken = true; return { ...r, thrown: 'FFmpeg stopped running' }; }
  }
}

function runOnce(m, tool, args, onLine) {
  const log = [];
  m.setLogger(({ message }) => {
    if (onLine && onLine(message)) return;
    if (log.length < 200) log.push(message);
  });
  m.reset();
  let rc;
  try {
    rc = tool === 'ffprobe' ? m.ffprobe(...args) : m.exec(...args);
  } catch (e) {
    m.broken = true;
    return { rc: -1, log, thrown: `FFmpeg stopped: ${e?.message ?? e}` };
  } finally {
    m.setLogger(() => {});
  }
  return { rc, log };
}

const logReason = (log) => log.map((s) => s.trim()).filter((s) => s && !s.startsWith('Aborted(')).slice(-3).join('; ');

function removeQuietly(m, p) {
  try { m.FS.unlink(p); } catch { /* not there */ }
}

export function probeClip(m, path) {
  const out = '/probe.json';
  removeQuietly(m, out);
  const r = run(m, 'ffprobe', ['-v', 'error',
    '-show_entries', 'stream=index,codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,'
      + 'nb_frames,duration,time_base,start_time:format=duration,format_name,size,start_time',
    '-of', 'json', '-o', out, path]);
  if (r.thrown) return { error: r.thrown };
  let json = '';
  try { json = m.FS.readFile(out, { encoding: 'utf8' }); } catch { /* no output */ }
  removeQuietly(m, out);
  // The core's ffprobe always returns -1, so success is judged by the output: a file FFmpeg
  // could open always has a "format" section.
  let parsed = null;
  try { parsed = JSON.parse(json); } catch { /* empty or cut short */ }
  // FFmpeg names the file by its path inside the module ("/clip/input.avi: Invalid data ..."),
  // which means nothing to the user: the page and the runner put the real name in front.
  const reason = (logReason(r.log) || 'ffprobe wrote nothing').split(`${path}: `).join('');
  if (!parsed?.format) return { error: `not a readable video (${reason})` };
  return { json };
}

// The sorted frame numbers as arithmetic runs, so the select expression stays short however many
// frames are asked for (a sample every k frames is one run).
function toRuns(list) {
  const runs = [];
  for (let i = 0; i < list.length;) {
    const a = list[i];
    if (i + 1 === list.length) { runs.push({ a, step: 1, b: a }); break; }
    const step = list[i + 1] - a;
    let j = i + 1;
    while (j + 1 < list.length && list[j + 1] - list[j] === step) j++;
    runs.push({ a, step, b: list[j] });
    i = j + 1;
  }
  return runs;
}

// An ffmpeg expression true when the number in register 0 is one of the frames; commas are
// escaped for the filtergraph parser.
function membership(runs) {
  return runs.map(({ a, step, b }) => (a === b ? `eq(ld(0),${a})`
    : `between(ld(0),${a},${b})*not(mod(ld(0)-${a},${step}))`)).join('+').replaceAll(',', '\\,');
}

// What FFmpeg's showinfo filter logs of each frame that passes it: the stream's time base (once)
// and each frame's integer pts, in order. onLine is the log hook for run(); it claims the line.
function showinfoLog() {
  const log = { timeBase: null, pts: [] };
  log.onLine = (line) => {
    if (!line.includes('Parsed_showinfo')) return false;
    const tb = line.match(/config in time_base: (\d+)\/(\d+)/);
    if (tb) log.timeBase = [Number(tb[1]), Number(tb[2])];
    const f = line.match(/\] n:\s*\d+ pts:\s*(-?\d+|NOPTS)/);
    if (f) log.pts.push(f[1] === 'NOPTS' ? NaN : Number(f[1]));
    return true;
  };
  return log;
}

// One FFmpeg pass over one window of frames. Returns the frames read back (pixels and exact
// presentation time from showinfo's integer pts and the stream time base).
function runWindow(m, path, win, { seek, frameRate, startTime, width, height }) {
  const fps = frameRate;
  const first = win[0], last = win[win.length - 1];
  // Register 0 holds the frame number: the filter's counter, or the one the timestamp implies.
  const counter = seek ? `round((t-(${startTime}))*${fps})` : 'n';
  const select = `select=st(0\\,${counter})*0+(${membership(toRuns(win))})`;
  const vf = `${select},scale=${width}:${height},format=rgb24,showinfo=checksum=0`;
  const input = [];
  if (seek) {
    // Seek to half a frame before the first wanted one (relative to the file's start, which is
    // never later than the stream's), and read no further than just past the last.
    input.push('-ss', String(Math.max(0, (first - 0.5) / fps)), '-t', String((last - first + 1) / fps + 2));
  }
  const out = '/frames.rgb';
  removeQuietly(m, out);
  const showinfo = showinfoLog();
  const r = run(m, 'ffmpeg', ['-hide_banner', '-v', 'info', '-nostdin', '-y', '-copyts', ...input, '-i', path,
    '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', vf, '-fps_mode', 'passthrough',
    '-frames:v', String(win.length), '-f', 'rawvideo', '-pix_fmt', 'rgb24', out], showinfo.onLine);
  let bytes = null;
  try { bytes = m.FS.readFile(out); } catch { /* nothing written */ }
  removeQuietly(m, out);
  const frameBytes = width * height * 3;
  const { pts, timeBase } = showinfo;
  const count = bytes ? Math.min(Math.floor(bytes.length / frameBytes), pts.length) : 0;
  const frames = [];
  for (let i = 0; i < count; i++) {
    const ptsTime = timeBase ? pts[i] * timeBase[0] / timeBase[1] : NaN;
    frames.push({
      frame_number: seek ? Math.round((ptsTime - startTime) * fps) : win[i],
      pts_time: ptsTime, width, height,
      rgb: bytes.slice(i * frameBytes, (i + 1) * frameBytes),
    });
  }
  const failed = r.thrown ?? (r.rc !== 0 && count === 0 ? logReason(r.log) : null);
  return { frames, failed };
}

const onGrid = (f, fps, startTime) =>
  Number.isFinite(f.pts_time) && Math.abs((f.pts_time - startTime) * fps - f.frame_number) <= GRID_TOLERANCE;

export function decodeFrames(m, path, { frames, frameRate, startTime = 0, width, height, maxBytes = 64 << 20, seek = false }) {
  const wanted = [...new Set(frames)].filter((n) => Number.isInteger(n) && n >= 0).sort((a, b) => a - b);
  // passes: how many FFmpeg runs seeked and how many decoded from the start (for tests and logs).
  const result = { frames: [], missing: [], passes: { seek: 0, fromStart: 0 } };
  if (!(width > 0 && height > 0)) return { ...result, missing: wanted, error: 'the clip has no picture size' };
  const frameBytes = width * height * 3;
  const perWindow = Math.max(1, Math.floor(maxBytes / frameBytes));
  const fps = Number(frameRate);
  const st = Number.isFinite(Number(startTime)) ? Number(startTime) : 0;
  const opts = { frameRate: fps, startTime: st, width, height };
  // Seeking needs the frame-rate grid; a clip whose timestamps leave it is decoded exactly.
  let gridOk = seek && fps > 0 && Number.isFinite(fps);
  let ended = false;  // a from-start window came back short: the clip ends there
  const got = new Map();
  let i = 0;
  for (; i < wanted.length && !ended && !worn(m);) {
    const win = wanted.slice(i, i + perWindow);
    i += win.length;
    let res = null;
    if (gridOk && win[0] / fps >= SEEK_MIN_S) {
      res = runWindow(m, path, win, { ...opts, seek: true });
      result.passes.seek++;
      const want = new Set(win);
      const fits = res.frames.every((f) => want.has(f.frame_number) && onGrid(f, fps, st))
        && res.frames.length === new Set(res.frames.map((f) => f.frame_number)).size;
      // Short is fine only at the end of the clip, which the exact pass below confirms.
      if (!fits) gridOk = false;
      if (!fits || res.frames.length < win.length) res = null;
    }
    if (!res && !m.broken) {
      res = runWindow(m, path, win, { ...opts, seek: false });
      result.passes.fromStart++;
      if (gridOk && !res.frames.every((f) => onGrid(f, fps, st))) gridOk = false;
      if (res.frames.length < win.length) ended = true;
    }
    if (res?.failed && !res.frames.length) result.error = res.failed;
    for (const f of res?.frames ?? []) got.set(f.frame_number, f);
  }
  // Stopped early because the module is worn out: the rest is for a fresh module, not missing.
  if (i < wanted.length && !ended) result.incomplete = true;
  if (m.broken && !result.error) result.error = 'FFmpeg stopped';
  for (const n of wanted) {
    const f = got.get(n);
    if (f) result.frames.push(f); else result.missing.push(n);
  }
  // A clip that is only partly there is not an error: its frames come back, the rest are missing.
  if (result.frames.length || (result.incomplete && !m.broken)) delete result.error;
  return result;
}

// ---- streaming: one pass for a whole list of frames ----
// decodeFrames returns a window's frames only when its FFmpeg run ends, so a clip's sampled
// frames either sit in memory all at once or cost one pass from the start per window (quadratic
// in the clip's length). decodeStream instead runs ONE exact pass (select on the counter n) and
// hands each frame out the moment its last byte is written: FFmpeg writes raw RGB to a character
// device of the module's FS, whose write() cuts the bytes into frames. The exec is synchronous,
// so backpressure can only be had by blocking inside write(): waitForCredit() is called before
// each frame goes out and may block (Atomics.wait on a SharedArrayBuffer, see creditWaiter) until
// the consumer has room. It returns false to stop the pass (the consumer no longer wants it):
// write() then fails with EIO, FFmpeg stops writing and returns.
const STREAM_DEV = '/stream.rgb';
const STREAM_MAJOR = 64;  // any major number the core does not use itself (1, 5 and 6 are taken)
const EIO = 29;           // emscripten's errno numbering

export function decodeStream(m, path, { frames, width, height, onFrame, waitForCredit = () => true }) {
  const wanted = [...new Set(frames)].filter((n) => Number.isInteger(n) && n >= 0).sort((a, b) => a - b);
  const result = { delivered: 0, missing: [], stopped: false };
  if (!(width > 0 && height > 0)) return { ...result, missing: wanted, error: 'the clip has no picture size' };
  if (!wanted.length) return result;
  const frameBytes = width * height * 3;
  let buf = new Uint8Array(frameBytes), filled = 0;
  // showinfo's pts of frames filtered but not yet handed out, oldest first (pts.shift() below).
  const showinfo = showinfoLog();
  const { pts } = showinfo;
  const FS = m.FS;
  const dev = FS.makedev(STREAM_MAJOR, 0);
  FS.registerDevice(dev, {
    open: () => {},
    close: () => {},
    read: () => 0,
    write: (stream, buffer, offset, length) => {
      if (result.stopped) throw new FS.ErrnoError(EIO);
      let done = 0;
      while (done < length) {
        const n = Math.min(length - done, frameBytes - filled);
        buf.set(buffer.subarray(offset + done, offset + done + n), filled);
        filled += n; done += n;
        if (filled < frameBytes) break;
        const k = result.delivered;
        if (k >= wanted.length) break;  // cannot happen with -frames:v, but never index past the list
        // Blocks while the consumer is full; false: it gave up on the stream.
        if (!waitForCredit()) { result.stopped = true; throw new FS.ErrnoError(EIO); }
        const p = pts.shift();
        const tb = showinfo.timeBase;
        const ptsTime = tb && Number.isFinite(p) ? p * tb[0] / tb[1] : NaN;
        result.delivered++;
        const rgb = buf;
        buf = new Uint8Array(frameBytes); filled = 0;
        onFrame({ frame_number: wanted[k], pts_time: ptsTime, width, height, rgb });
      }
      return length;
    },
  });
  removeQuietly(m, STREAM_DEV);
  FS.mkdev(STREAM_DEV, dev);
  const vf = `select=st(0\\,n)*0+(${membership(toRuns(wanted))}),scale=${width}:${height},format=rgb24,showinfo=checksum=0`;
  let r;
  try {
    r = run(m, 'ffmpeg', ['-hide_banner', '-v', 'info', '-nostdin', '-y', '-copyts', '-i', path,
      '-map', '0:v:0', '-an', '-sn', '-dn', '-vf', vf, '-fps_mode', 'passthrough',
      '-frames:v', String(wanted.length), '-f', 'rawvideo', '-pix_fmt', 'rgb24', STREAM_DEV], showinfo.onLine);
  } finally {
    removeQuietly(m, STREAM_DEV);
  }
  result.missing = wanted.slice(result.delivered);
  // A stopped pass is not a failure; a pass that gave nothing and failed is.
  if (!result.stopped && !result.delivered && (r.thrown || r.rc !== 0)) result.error = r.thrown ?? (logReason(r.log) || 'FFmpeg failed');
  else if (r.thrown && !result.stopped) result.error = r.thrown;  // broke midway: the rest is for a fresh module
  return result;
}

// Credit for decodeStream across threads. ctrl is an Int32Array over a SharedArrayBuffer:
// ctrl[0] how many more frames the producer may hand out (the consumer adds one, and notifies,
// for every frame it takes or drops), ctrl[1] non-zero when the consumer wants the pass stopped.
// The producer's side blocks with Atomics.wait, so it runs in a worker, never on a page's thread.
export const CREDIT = 0, STOP = 1;
export function creditWaiter(ctrl, { sliceMs = 1000 } = {}) {
  return () => {
    for (;;) {
      if (Atomics.load(ctrl, STOP)) return false;
      const c = Atomics.load(ctrl, CREDIT);
      if (c > 0) {
        if (Atomics.compareExchange(ctrl, CREDIT, c, c - 1) === c) return true;
        continue;
      }
      Atomics.wait(ctrl, CREDIT, c, sliceMs);  // woken by the consumer's notify; the slice re-checks STOP
    }
  };
}
export function addCredit(ctrl, n = 1) { Atomics.add(ctrl, CREDIT, n); Atomics.notify(ctrl, CREDIT); }
export function stopStream(ctrl) { Atomics.store(ctrl, STOP, 1); Atomics.notify(ctrl, CREDIT); }

// decodeFrames across as many module instances as it takes. getModule(renew) gives the current
// module, or a fresh one when renew is true; mount(m) mounts the clip and returns
// { path, unmount }. A module that broke is replaced once per call; a second break ends it.
export async function decodeFramesRenewing({ getModule, mount }, opts) {
  const out = { frames: [], missing: [], passes: { seek: 0, fromStart: 0 } };
  let remaining = opts.frames, renewals = 0;
  for (;;) {
    let m = await getModule(false);
    if (worn(m)) m = await getModule(true);
    const { path, unmount } = mount(m);
    let r;
    try { r = decodeFrames(m, path, { ...opts, frames: remaining }); } finally { unmount(); }
    out.frames.push(...r.frames);
    out.passes.seek += r.passes.seek; out.passes.fromStart += r.passes.fromStart;
    const brokeMidway = m.broken && r.frames.length < remaining.length;
    if (!r.incomplete && !(brokeMidway && renewals === 0)) {
      out.missing.push(...r.missing);
      if (r.error) out.error = r.error;
      break;
    }
    renewals += m.broken ? 1 : 0;
    const have = new Set(out.frames.map((f) => f.frame_number));
    remaining = r.missing.filter((n) => !have.has(n));
    if (!remaining.length) break;
  }
  out.frames.sort((a, b) => a.frame_number - b.frame_number);
  return out;
}

// decodeStream with the module renewed when due: a worn module is replaced before the pass, and
// one that breaks midway is replaced once and the frames not yet handed out are streamed again
// (from the start: still exact). Returns { delivered, missing, stopped, error? }.
export async function decodeStreamRenewing({ getModule, mount }, opts) {
  let remaining = opts.frames, delivered = 0, renewed = false;
  for (;;) {
    let m = await getModule(false);
    if (worn(m)) m = await getModule(true);
    const { path, unmount } = mount(m);
    let r;
    try { r = decodeStream(m, path, { ...opts, frames: remaining }); } finally { unmount(); }
    delivered += r.delivered;
    if (m.broken && r.missing.length && !r.stopped && !renewed) {
      renewed = true;
      remaining = r.missing;
      continue;
    }
    return { ...r, delivered };
  }
}

// The clip's file name inside the module: only the extension is kept (FFmpeg uses it as a hint
// for a few formats); a name with ':' could otherwise read as a protocol.
function mountName(name) {
  const ext = (String(name).match(/\.([A-Za-z0-9]{1,8})$/)?.[1] ?? 'bin').toLowerCase();
  return `input.${ext}`;
}

function mountBlob(m, name, blob) {
  try { m.FS.unmount(MOUNT_DIR); } catch { /* nothing mounted */ }
  try { m.FS.mkdir(MOUNT_DIR); } catch { /* exists */ }
  const file = mountName(name);
  m.FS.mount(m.FS.filesystems.WORKERFS, { blobs: [{ name: file, data: blob }] }, MOUNT_DIR);
  return `${MOUNT_DIR}/${file}`;
}

// Browser (inside a Worker): WORKERFS reads the File in slices with FileReaderSync, on demand.
export function mountFile(m, file) {
  const path = mountBlob(m, file.name, file);
  return { path, unmount: () => { try { m.FS.unmount(MOUNT_DIR); } catch { /* already */ } } };
}

// A Blob look-alike over a byte range of an open file; WORKERFS only calls size and slice().
class NodeFileSlice {
  constructor(fd, start, end) { this.fd = fd; this.start = start; this.end = end; }
  get size() { return this.end - this.start; }
  slice(a = 0, b = this.size) {
    const clamp = (x) => Math.max(0, Math.min(this.size, x < 0 ? this.size + x : x));
    return new NodeFileSlice(this.fd, this.start + clamp(a), this.start + Math.max(clamp(a), clamp(b)));
  }
}

// Node has no FileReaderSync; this one reads just the slice's bytes with fs.readSync, so a
// 2 GB clip is read piece by piece as FFmpeg asks, never whole.
function installFileReaderSync() {
  if (globalThis.FileReaderSync?.nodeSlices) return;
  const Native = globalThis.FileReaderSync;
  globalThis.FileReaderSync = class {
    static nodeSlices = true;
    readAsArrayBuffer(blob) {
      if (!(blob instanceof NodeFileSlice)) return new Native().readAsArrayBuffer(blob);
      const buf = new Uint8Array(blob.size);
      let done = 0;
      while (done < buf.length) {
        const n = nodeFs.readSync(blob.fd, buf, done, buf.length - done, blob.start + done);
        if (n <= 0) break;
        done += n;
      }
      return buf.buffer;
    }
  };
}

// A File look-alike over a host file for code written for the browser's Worker (the video worker
// under Node, in tests): mountFile(m, nodeFileBlob(p)) reads it through the same slices. The
// file stays open for the life of the process.
export function nodeFileBlob(hostPath) {
  if (!nodeFs) throw new Error('nodeFileBlob runs under Node only');
  installFileReaderSync();
  const fd = nodeFs.openSync(hostPath, 'r');
  const blob = new NodeFileSlice(fd, 0, nodeFs.fstatSync(fd).size);
  blob.name = hostPath;
  return blob;
}

export function mountNodeFile(m, hostPath) {
  if (!nodeFs) throw new Error('mountNodeFile runs under Node only');
  installFileReaderSync();
  const fd = nodeFs.openSync(hostPath, 'r');
  const size = nodeFs.fstatSync(fd).size;
  let path;
  try { path = mountBlob(m, hostPath, new NodeFileSlice(fd, 0, size)); } catch (e) { nodeFs.closeSync(fd); throw e; }
  return {
    path,
    unmount: () => {
      try { m.FS.unmount(MOUNT_DIR); } catch { /* already */ }
      try { nodeFs.closeSync(fd); } catch { /* already */ }
    },
  };
}
