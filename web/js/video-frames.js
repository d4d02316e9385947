// The page's side of the video worker (video-worker.js, FFmpeg compiled to wasm): clips are
// probed and their frames decoded there, from the File itself (mounted, never copied whole),
// and only the decoded frames come back. Two users, two workers, so neither waits on the other:
//  - the prepare service asks for the batch's sampled frames, one at a time, in order; the
//    request names the clip's remaining sampled frames too (`ahead`). Its worker streams them:
//    ONE FFmpeg pass from the start per clip, each frame posted as soon as it is decoded, never
//    more than a few frames (CREDIT_FRAMES, BUDGET_BYTES) waiting here, because the worker blocks
//    until this side hands out credit (SharedArrayBuffer + Atomics, so the page must be
//    cross-origin isolated; without it, windows of frames capped at BUDGET_BYTES are decoded,
//    each window a pass from the start: slower, same frames);
//  - the viewer and the gallery ask for one frame to show, and C++ for probes: a second worker,
//    which a clip's long stream never holds up.
// C++ reaches the probe through globalThis.wlVideo (src/platform/js/video_probe.cpp), polled
// once per frame like every other job; nothing is awaited on the frame loop.

const PENDING = 0, DONE = 1, FAILED = 2;
// A worker that says nothing for this long while someone waits on it is taken to hang (the core
// can spin, see RUNS_PER_MODULE in ffmpeg-frames.js; a synchronous run cannot be interrupted
// from inside): it is terminated, what it owed fails, the next request starts a fresh one.
// A stream blocked for want of credit that long, with nobody asking for its frames, is stopped.
const REQUEST_LIMIT_MS = 180000;
const CHECK_MS = 2000;
// A stopped stream ends at its next frame; one that does not end in this time is terminated.
const STOP_GRACE_MS = 10000;
// Decoded frames held here for their prepare request, at most (the smaller of the two).
const CREDIT_FRAMES = 4;
const BUDGET_BYTES = 96 << 20;

const framesWithin = (width, height, most) => Math.max(1, Math.min(most, Math.floor(BUDGET_BYTES / (width * height * 3))));
const missingText = (n) => `frame ${n} is not in the clip (it ends earlier than its header says, or is truncated)`;

// One worker and the requests it owes. kill() terminates it and fails all of them; the next
// request starts a new worker.
class Channel {
  constructor(url, name, { onStream, onKill }) {
    Object.assign(this, { url, name, onStream, onKill });
    this.worker = null;
    this.nextId = 1;
    this.waiting = new Map();  // request id -> resolve
    this.lastHeard = 0;        // performance.now() of the worker's last message
  }

  ensure() {
    if (this.worker) return this.worker;
    const worker = new Worker(this.url, { type: 'module', name: this.name });
    this.worker = worker;
    this.lastHeard = performance.now();
    worker.onmessage = (e) => {
      if (this.worker !== worker) return;  // a terminated worker's last words
      this.lastHeard = performance.now();
      const msg = e.data;
      if (msg.stream !== undefined) { this.onStream(msg); return; }
      const id = msg.probe ?? msg.frames;
      const resolve = this.waiting.get(id);
      this.waiting.delete(id);
      if (resolve) resolve(msg);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      if (this.worker === worker) this.kill(`the video decoder stopped (${e.message || 'it failed'})`);
    };
    return worker;
  }

  post(message, transfer = []) { this.ensure().postMessage(message, transfer); }

  // A request answered by one message; `kind` is 'probe' or 'frames'.
  ask(kind, message) {
    const id = this.nextId++;
    const worker = this.ensure();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.worker === worker && this.waiting.has(id)) {
          this.kill(`the video decoder took more than ${REQUEST_LIMIT_MS / 1000} s and was restarted`);
        }
      }, REQUEST_LIMIT_MS);
      this.waiting.set(id, (msg) => { clearTimeout(timer); resolve(msg); });
      worker.postMessage({ ...message, [kind]: id });
    });
  }

  kill(reason) {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const resolve of waiting) resolve({ error: reason });
    this.onKill(reason);
  }
}

export class VideoFrames {
  constructor(files, { workerUrl = 'js/video-worker.js', streaming = globalThis.crossOriginIsolated === true } = {}) {
    this.files = files;
    this.streaming = streaming && typeof SharedArrayBuffer === 'function';
    this.display = new Channel(workerUrl, 'camtrap-video-display', { onStream: () => {}, onKill: () => {} });
    this.prepare = new Channel(workerUrl, 'camtrap-video', {
      onStream: (msg) => this.onStream(msg), onKill: (reason) => this.failStreams(reason) });
    this.nextStream = 1;
    this.streams = new Map();  // stream id -> stream, oldest first (the worker runs them in order)
    this.checker = null;
    this.cache = new Map();    // without streaming: fileId -> Map(frame number -> Promise<frame>)
    this.probes = new Map();   // C++ probe job -> { state, text }
    this.infos = new Map();    // fileId -> Promise of what a display decode needs
  }

  probe(fileId) {
    const file = this.files.file(fileId);
    if (!file) return Promise.resolve({ error: 'the file is no longer available' });
    return this.display.ask('probe', { file });
  }

  // ---- the probe seam, for C++ ----
  probeStart(job, fileId) {
    const entry = { state: PENDING, text: '' };
    this.probes.set(job, entry);
    this.probe(fileId).then((msg) => {
      if (msg.error) { entry.state = FAILED; entry.text = msg.error; } else { entry.state = DONE; entry.text = msg.json; }
    });
  }
  probePoll(job) { return this.probes.get(job)?.state ?? FAILED; }
  probeText(job) { const e = this.probes.get(job); this.probes.delete(job); return e ? e.text : 'the clip was not being read'; }
  probeCancel(job) { this.probes.delete(job); }

  // ---- frames for the prepare service ----
  // A sampled frame: { rgb: ArrayBuffer, width, height, ptsTime, decodeMs } or { error }.
  frameForPrepare(fileId, request) {
    if (!this.files.file(fileId)) return Promise.resolve({ error: 'the file is no longer available' });
    if (!this.streaming) return this.frameWindowed(fileId, request);
    const n = request.number;
    // The newest stream is the only one taken from; older ones only finish their waiters.
    const s = [...this.streams.values()].at(-1);
    // (A frame of a finished stream that never came is missing: it is not decoded again.)
    if (s && !s.superseded && s.fileId === fileId && (s.buffer.has(n) || s.list.indexOf(n) >= s.next)) return this.take(s, n);
    // A new clip, or a frame the stream has passed or never had: a new stream from this frame.
    this.stopStreams();
    return this.take(this.startStream(fileId, request), n);
  }

  // Stops every stream once the frames already asked for have come (the batch was cancelled,
  // or moved on): their workers' passes end, frames held for them are dropped.
  stopStreams() {
    for (const s of this.streams.values()) { s.superseded = true; this.settle(s); }
  }

  startStream(fileId, request) {
    const list = [...new Set([request.number, ...(request.ahead || [])])].filter((k) => k >= request.number).sort((a, b) => a - b);
    const credit = framesWithin(request.width, request.height, CREDIT_FRAMES);
    const ctrl = new Int32Array(new SharedArrayBuffer(8));
    ctrl[0] = credit;
    const s = { id: this.nextStream++, fileId, list, request, next: 0, buffer: new Map(), waiters: new Map(), ctrl,
      done: false, superseded: false, stopAt: 0, lastAsked: performance.now(), lastFrame: performance.now() };
    this.streams.set(s.id, s);
    this.prepare.post({ stream: s.id, file: this.files.file(fileId), frameNumbers: list, frameRate: request.frame_rate,
      startTime: request.start_time, width: request.width, height: request.height, ctrl });
    if (!this.checker) this.checker = setInterval(() => this.check(), CHECK_MS);
    return s;
  }

  // Frames before n will not be asked for (requests come in order): they are dropped, and so
  // give their credit back. Then n from what is held, or when it comes.
  take(s, n) {
    s.lastAsked = performance.now();
    for (const k of [...s.buffer.keys()]) if (k < n) { s.buffer.delete(k); this.credit(s); }
    const held = s.buffer.get(n);
    if (held) { s.buffer.delete(n); this.credit(s); return Promise.resolve(held); }
    if (s.done) return Promise.resolve({ error: s.error ? `the video decoder failed (${s.error})` : missingText(n) });
    return new Promise((resolve) => {
      if (!s.waiters.has(n)) s.waiters.set(n, []);
      s.waiters.get(n).push(resolve);
    });
  }

  credit(s) {
    if (s.done) return;
    Atomics.add(s.ctrl, 0, 1);
    Atomics.notify(s.ctrl, 0);
  }

  onStream(msg) {
    const s = this.streams.get(msg.stream);
    if (!s) return;  // a stream already failed or dropped; its ctrl is stopped
    if (msg.frame) {
      const f = msg.frame, now = performance.now();
      const frame = { rgb: f.rgb, width: f.width, height: f.height, ptsTime: f.pts_time, decodeMs: now - s.lastFrame };
      s.lastFrame = now;
      s.next = Math.max(s.next, s.list.indexOf(f.frame_number) + 1);
      const waiters = s.waiters.get(f.frame_number);
      s.waiters.delete(f.frame_number);
      if (waiters) {
        // Several callers for one frame (unusual): the buffer is transferred on, so each gets its own copy.
        waiters.forEach((resolve, i) => resolve(i === 0 ? frame : { ...frame, rgb: f.rgb.slice(0) }));
        this.credit(s);
      } else if (s.superseded) this.credit(s);
      else s.buffer.set(f.frame_number, frame);
    } else if (msg.done && msg.noStreaming) {
      // The worker is not cross-origin isolated after all: windows from now on, for these too.
      this.streaming = false;
      s.done = true; s.superseded = true;
      for (const n of [...s.waiters.keys()].sort((a, b) => a - b)) {
        const f = this.frameWindowed(s.fileId, { ...s.request, number: n, ahead: s.list.filter((k) => k > n) });
        for (const resolve of s.waiters.get(n)) resolve(f);
      }
      s.waiters.clear();
    } else if (msg.done) {
      s.done = true;
      const missing = new Set(msg.missing || []);
      for (const [n, waiters] of s.waiters) {
        const error = msg.error ? `the video decoder failed (${msg.error})`
          : missing.has(n) && !msg.stopped ? missingText(n) : `frame ${n} could not be decoded`;
        for (const resolve of waiters) resolve({ error });
      }
      s.waiters.clear();
    }
    this.settle(s);
  }

  // A superseded stream that owes nothing more is stopped and forgotten; a finished one is
  // forgotten once its frames are taken (or when a newer stream supersedes it).
  settle(s) {
    if (s.superseded && !s.waiters.size) {
      s.buffer.clear();
      if (!s.done && !s.stopAt) { s.stopAt = performance.now(); Atomics.store(s.ctrl, 1, 1); Atomics.notify(s.ctrl, 0); }
    }
    if (s.done && (s.superseded || !s.buffer.size)) this.streams.delete(s.id);
    if (!this.streams.size && this.checker) { clearInterval(this.checker); this.checker = null; }
  }

  failStreams(reason) {
    for (const s of this.streams.values()) {
      for (const waiters of s.waiters.values()) for (const resolve of waiters) resolve({ error: reason });
      Atomics.store(s.ctrl, 1, 1);
    }
    this.streams.clear();
    if (this.checker) { clearInterval(this.checker); this.checker = null; }
  }

  check() {
    const now = performance.now();
    const silent = now - this.prepare.lastHeard;
    for (const s of [...this.streams.values()]) {
      if (s.done) continue;
      if ((s.waiters.size && silent > REQUEST_LIMIT_MS) || (s.stopAt && now - s.stopAt > STOP_GRACE_MS)) {
        this.prepare.kill(s.stopAt ? 'the video decoder did not stop and was restarted'
          : `the video decoder gave no frame for ${REQUEST_LIMIT_MS / 1000} s and was restarted`);
        return;
      }
      // Nobody asked for its frames for that long (a paused or cancelled batch): let it go.
      if (!s.waiters.size && now - s.lastAsked > REQUEST_LIMIT_MS) { s.superseded = true; this.settle(s); }
    }
  }

  // ---- without cross-origin isolation: windows decoded whole ----
  // Decodes `numbers` (sorted) of a clip in one request. Resolves to a Map(number -> frame or
  // { error }).
  async decode(channel, fileId, numbers, request) {
    const file = this.files.file(fileId);
    const out = new Map();
    if (!file) {
      for (const n of numbers) out.set(n, { error: 'the file is no longer available' });
      return out;
    }
    const t0 = performance.now();
    const msg = await channel.ask('frames', { file, frameNumbers: numbers, frameRate: request.frame_rate,
      startTime: request.start_time, width: request.width, height: request.height });
    const decodeMs = (performance.now() - t0) / Math.max(1, msg.list?.length || 1);
    for (const f of msg.list || []) {
      out.set(f.frame_number, { rgb: f.rgb, width: f.width, height: f.height, ptsTime: f.pts_time, decodeMs });
    }
    for (const n of numbers) {
      if (out.has(n)) continue;
      const missing = (msg.missing || []).includes(n);
      out.set(n, { error: msg.error ? `the video decoder failed (${msg.error})` : missing ? missingText(n) : `frame ${n} could not be decoded` });
    }
    return out;
  }

  // A window is [number, ...ahead] cut to BUDGET_BYTES of frames (the C++ side names all of a
  // clip's remaining frames); its frames wait here for their requests. Only the current clip's
  // are kept, so no more than one window of frames is ever held.
  frameWindowed(fileId, request) {
    let clip = this.cache.get(fileId);
    const cached = clip?.get(request.number);
    if (cached) { clip.delete(request.number); return cached; }
    if (!clip) { this.cache.clear(); clip = new Map(); this.cache.set(fileId, clip); }
    const most = framesWithin(request.width, request.height, Infinity);
    const numbers = [request.number, ...(request.ahead || []).filter((n) => n > request.number && !clip.has(n))].slice(0, most);
    const pass = this.decode(this.prepare, fileId, numbers, request);
    for (const n of numbers.slice(1)) clip.set(n, pass.then((m) => m.get(n)));
    return pass.then((m) => m.get(request.number));
  }

  // ---- frames to show ----
  // What decoding a frame for display needs to know of the clip (the batch's requests carry it
  // from C++; a clip shown before it is run is probed here). The checks are the core's
  // (src/core/video/video_info.cpp); this only reads the numbers.
  clipInfo(fileId) {
    if (!this.infos.has(fileId)) {
      this.infos.set(fileId, this.probe(fileId).then((msg) => {
        if (msg.error) throw new Error(msg.error);
        const doc = JSON.parse(msg.json);
        const v = (doc.streams || []).find((s) => s.codec_type === 'video');
        if (!v) throw new Error('the file has no video stream');
        const rate = (t) => { const [a, b] = String(t || '').split('/').map(Number); return b ? a / b : a || 0; };
        const fps = rate(v.avg_frame_rate) || rate(v.r_frame_rate);
        return { frame_rate: fps, start_time: Number(v.start_time) || 0, width: v.width, height: v.height };
      }));
      this.infos.get(fileId).catch(() => this.infos.delete(fileId));
    }
    return this.infos.get(fileId);
  }

  // One frame to show (viewer, gallery poster): decoded alone on the display worker, as RGBA ImageData.
  async frameImage(fileId, number) {
    const info = await this.clipInfo(fileId);
    const m = await this.decode(this.display, fileId, [number], info);
    const f = m.get(number);
    if (f.error) throw new Error(f.error);
    const rgb = new Uint8Array(f.rgb);
    const rgba = new Uint8ClampedArray(f.width * f.height * 4);
    for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
      rgba[j] = rgb[i]; rgba[j + 1] = rgb[i + 1]; rgba[j + 2] = rgb[i + 2]; rgba[j + 3] = 255;
    }
    return new ImageData(rgba, f.width, f.height);
  }
}
