// The page's half of the prepare seam (src/platform/prepare_service.h, implemented over this
// by src/platform/prepare/prepare_service_web.cpp): images are read, decoded and made into
// network inputs in dedicated Web Workers (prepare-worker.js), so the frame loop never
// decodes. The File object itself is posted to a worker (a reference to the file, no bytes
// are copied here) and the worker reads it; the tensor comes back as a transferred
// Float32Array, which copyTensor() copies into the app's heap once.
//
// C++ calls these synchronously and polls once per frame:
//   start(job, fileId, specJson, keep, frameJson)   poll(job) -> 0 pending | 1 done | 2 failed
// (frameJson, when not empty, names a frame of a clip: the video worker decodes it, see
// video-frames.js, and its RGB pixels go to a prepare worker instead of the file)
//   text(job) -> the prepared input's description (JSON), or why it failed
//   tensorLength(job)   copyTensor(job, HEAPF32, index)   forget(job)   cancel(job)
// and, for the species classifier, crops cut by the worker that kept the decoded image:
//   crop(job, requestJson)   pollCrops(job) -> 0 | 1 | 2   cropsText(job)   cropsLength(job)
//   copyCrops(job, HEAPF32, index)   release(job)
//
// A worker that dies (its module aborted, or an uncaught error) costs the image it was working
// on, which fails with a message; the other images it held go to a fresh worker.

const PENDING = 0, DONE = 1, FAILED = 2;

// One worker keeps a CPU-bound engine fed: it prepares an image in tens of ms, the WASM
// provider takes hundreds. A second one can pay only where cores are left beside the
// runtime's threads (up to 4, see ort-bridge.js) and a fast engine (WebGPU) could outrun one
// worker; on 2 cores it would only take time from the runtime and the page.
export function defaultWorkerCount(cores = navigator.hardwareConcurrency || 2) {
  return cores >= 6 ? 2 : 1;
}

export class PrepareService {
  constructor(files, { workerUrl = 'js/prepare-worker.js', workers = defaultWorkerCount(), video = null } = {}) {
    this.files = files;
    this.video = video;      // VideoFrames, for frames of clips
    this.workerUrl = workerUrl;
    this.size = workers;     // how many workers at most (started on first use)
    this.jobs = new Map();   // job -> { state, text, tensor, request, slot }
    this.slots = [];         // { worker, queue: job ids it holds, oldest first }
    this.kept = new Map();   // job -> the slot whose worker keeps its decoded image
    this.crops = new Map();  // job -> { state, text, tensor, slot }
  }

  start(job, fileId, specJson, keep = false, frameJson = '') {
    const entry = { state: PENDING, text: '', tensor: null, request: null, slot: null, keep };
    this.jobs.set(job, entry);
    const file = this.files.file(fileId);
    if (!file) {
      this.fail(entry, 'the file is no longer available');
      return;
    }
    if (frameJson) {
      this.startFrame(entry, job, fileId, specJson, keep, JSON.parse(frameJson));
      return;
    }
    entry.request = { job, file, spec: specJson, keep };
    this.dispatch(entry);
  }

  // A frame of a clip: decoded by the video worker, then prepared from its pixels (transferred,
  // so a frame is never held twice).
  startFrame(entry, job, fileId, specJson, keep, request) {
    entry.frame = true;
    if (!this.video) { this.fail(entry, 'this page cannot decode video'); return; }
    this.video.frameForPrepare(fileId, request).then((frame) => {
      if (this.jobs.get(job) !== entry || entry.state !== PENDING) return;  // cancelled meanwhile
      if (!frame || frame.error) { this.fail(entry, frame?.error || 'the frame could not be decoded'); return; }
      entry.request = { job, spec: specJson, keep,
        frame: { rgb: frame.rgb, width: frame.width, height: frame.height, decodeMs: frame.decodeMs } };
      this.dispatch(entry, [frame.rgb]);
    }, (err) => this.fail(entry, `the frame could not be decoded (${err.message || err})`));
  }

  poll(job) { const e = this.jobs.get(job); return e ? e.state : FAILED; }
  text(job) { return this.jobs.get(job)?.text ?? 'the image was not being prepared'; }
  tensorLength(job) { return this.jobs.get(job)?.tensor?.length ?? 0; }
  copyTensor(job, heapF32, index) { heapF32.set(this.jobs.get(job).tensor, index); }
  forget(job) { this.jobs.delete(job); }

  crop(job, requestJson) {
    const slot = this.kept.get(job);
    this.kept.delete(job);
    const entry = { state: PENDING, text: '', tensor: null, slot };
    this.crops.set(job, entry);
    if (!slot || !this.slots.includes(slot)) {
      entry.state = FAILED;
      entry.text = 'the image decoder that held this image stopped';
      return;
    }
    slot.worker.postMessage({ crop: job, request: requestJson });
  }

  pollCrops(job) { const e = this.crops.get(job); return e ? e.state : FAILED; }
  cropsText(job) { return this.crops.get(job)?.text ?? 'no crops were being cut for this image'; }
  cropsLength(job) { return this.crops.get(job)?.tensor?.length ?? 0; }
  copyCrops(job, heapF32, index) { heapF32.set(this.crops.get(job).tensor, index); }

  // The image a worker kept for `job` is not needed (any more): forget it there, and here.
  release(job) {
    this.crops.delete(job);
    const slot = this.kept.get(job);
    this.kept.delete(job);
    if (slot && this.slots.includes(slot)) slot.worker.postMessage({ release: job });
  }

  // The worker skips a job it has not begun; an answer that still comes is dropped.
  cancel(job) {
    const entry = this.jobs.get(job);
    this.jobs.delete(job);
    // A cancelled frame: the run is being cancelled, so the clip's decoding pass stops too.
    if (entry && entry.frame) this.video?.stopStreams();
    if (entry && entry.state === PENDING && entry.slot) entry.slot.worker.postMessage({ cancel: job });
  }

  // The worker holding the fewest jobs gets the next one.
  dispatch(entry, transfer = []) {
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    const slot = this.slots.reduce((a, b) => (b.queue.length < a.queue.length ? b : a));
    slot.queue.push(entry.request.job);
    entry.slot = slot;
    slot.worker.postMessage(entry.request, transfer);
  }

  spawn() {
    const slot = { worker: new Worker(this.workerUrl, { name: 'camtrap-prepare' }), queue: [] };
    slot.worker.onmessage = (e) => this.answered(slot, e.data);
    slot.worker.onerror = (e) => {
      e.preventDefault();
      this.died(slot, e.message || 'the worker failed', false);
    };
    return slot;
  }

  answered(slot, msg) {
    if (msg.crops) {
      const entry = this.crops.get(msg.crops);
      if (entry && entry.state === PENDING) {
        if (msg.error) {
          entry.state = FAILED;
          entry.text = msg.error;
        } else {
          entry.text = msg.meta;
          entry.tensor = msg.tensor;
          entry.state = DONE;
        }
      }
      if (msg.fatal) this.died(slot, msg.error, true);
      return;
    }
    slot.queue = slot.queue.filter((j) => j !== msg.job);
    const entry = this.jobs.get(msg.job);
    if (entry && entry.state === PENDING) {
      if (msg.error) this.fail(entry, msg.error);
      else if (!msg.cancelled) {
        entry.text = msg.meta;
        entry.tensor = msg.tensor;
        entry.state = DONE;
        if (entry.keep && msg.tensor) this.kept.set(msg.job, slot);
      }
    } else if (!entry && !msg.error && !msg.cancelled && msg.tensor) {
      slot.worker.postMessage({ release: msg.job });  // cancelled meanwhile: nothing will crop it
    }
    if (msg.fatal) this.died(slot, msg.error, true);
  }

  // `answered`: the worker already reported the image it failed on.
  died(slot, reason, answered) {
    slot.worker.terminate();
    this.slots = this.slots.filter((s) => s !== slot);
    const queue = slot.queue;
    slot.queue = [];
    // Images it kept are gone with it; crops it was cutting fail (the boxes are kept).
    for (const [job, s] of this.kept) if (s === slot) this.kept.delete(job);
    for (const entry of this.crops.values()) {
      if (entry.slot === slot && entry.state === PENDING) {
        entry.state = FAILED;
        entry.text = `the image decoder stopped while cutting crops (${reason})`;
      }
    }
    if (!answered && queue.length) {
      const culprit = this.jobs.get(queue.shift());
      if (culprit && culprit.state === PENDING) {
        this.fail(culprit, `the image decoder stopped while working on this image (${reason})`);
      }
    }
    for (const job of queue) {
      const entry = this.jobs.get(job);
      if (!entry || entry.state !== PENDING) continue;
      // A frame's pixels went to the worker that died; the frame fails rather than decode again.
      if (entry.request.frame) this.fail(entry, `the image decoder stopped before this frame (${reason})`);
      else this.dispatch(entry);
    }
  }

  fail(entry, message) {
    entry.state = FAILED;
    entry.text = message;
    entry.request = null;
  }
}
