// The page's half of the prepare seam (src/platform/prepare_service.h, implemented over this
// by src/platform/prepare/prepare_service_web.cpp): images are read, decoded and made into
// network inputs in dedicated Web Workers (prepare-worker.js), so the frame loop never
// decodes. The File object itself is posted to a worker (a reference to the file, no bytes
// are copied here) and the worker reads it; the tensor comes back as a transferred
// Float32Array, which copyTensor() copies into the app's heap once.
//
// C++ calls these synchronously and polls once per frame:
//   start(job, fileId, specJson)   poll(job) -> 0 pending | 1 done | 2 failed
//   text(job) -> the prepared input's description (JSON), or why it failed
//   tensorLength(job)   copyTensor(job, HEAPF32, index)   forget(job)   cancel(job)
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
  constructor(files, { workerUrl = 'js/prepare-worker.js', workers = defaultWorkerCount() } = {}) {
    this.files = files;
    this.workerUrl = workerUrl;
    this.size = workers;     // how many workers at most (started on first use)
    this.jobs = new Map();   // job -> { state, text, tensor, request, slot }
    this.slots = [];         // { worker, queue: job ids it holds, oldest first }
  }

  start(job, fileId, specJson) {
    const entry = { state: PENDING, text: '', tensor: null, request: null, slot: null };
    this.jobs.set(job, entry);
    const file = this.files.file(fileId);
    if (!file) {
      this.fail(entry, 'the file is no longer available');
      return;
    }
    entry.request = { job, file, spec: specJson };
    this.dispatch(entry);
  }

  poll(job) { const e = this.jobs.get(job); return e ? e.state : FAILED; }
  text(job) { return this.jobs.get(job)?.text ?? 'the image was not being prepared'; }
  tensorLength(job) { return this.jobs.get(job)?.tensor?.length ?? 0; }
  copyTensor(job, heapF32, index) { heapF32.set(this.jobs.get(job).tensor, index); }
  forget(job) { this.jobs.delete(job); }

  // The worker skips a job it has not begun; an answer that still comes is dropped.
  cancel(job) {
    const entry = this.jobs.get(job);
    this.jobs.delete(job);
    if (entry && entry.state === PENDING && entry.slot) entry.slot.worker.postMessage({ cancel: job });
  }

  // The worker holding the fewest jobs gets the next one.
  dispatch(entry) {
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    const slot = this.slots.reduce((a, b) => (b.queue.length < a.queue.length ? b : a));
    slot.queue.push(entry.request.job);
    entry.slot = slot;
    slot.worker.postMessage(entry.request);
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
    slot.queue = slot.queue.filter((j) => j !== msg.job);
    const entry = this.jobs.get(msg.job);
    if (entry && entry.state === PENDING) {
      if (msg.error) this.fail(entry, msg.error);
      else if (!msg.cancelled) {
        entry.text = msg.meta;
        entry.tensor = msg.tensor;
        entry.state = DONE;
      }
    }
    if (msg.fatal) this.died(slot, msg.error, true);
  }

  // `answered`: the worker already reported the image it failed on.
  died(slot, reason, answered) {
    slot.worker.terminate();
    this.slots = this.slots.filter((s) => s !== slot);
    const queue = slot.queue;
    slot.queue = [];
    if (!answered && queue.length) {
      const culprit = this.jobs.get(queue.shift());
      if (culprit && culprit.state === PENDING) {
        this.fail(culprit, `the image decoder stopped while working on this image (${reason})`);
      }
    }
    for (const job of queue) {
      const entry = this.jobs.get(job);
      if (entry && entry.state === PENDING) this.dispatch(entry);
    }
  }

  fail(entry, message) {
    entry.state = FAILED;
    entry.text = message;
    entry.request = null;
  }
}
