// The job table behind globalThis.wlOrt, shared by the browser bridge (ort-bridge.js) and the
// Node bridge (runner/ort-bridge-node.mjs). It knows nothing about where ONNX Runtime comes
// from: each bridge passes an `openProvider(name, options)` that returns
// { ort, sessionOptions } for one execution provider or throws an Error saying why it cannot.
//
// C++ (src/platform/js/ort_session.cpp) calls these methods synchronously and polls:
//   createSession(bytes, options) -> job      run(session, inputs, copyInMs) -> job
//     (inputs: [{ name, type: 'float32' | 'int64', dims, data }])
//   poll(job) -> 0 pending | 1 done | 2 failed
//   text(job) -> error message, or JSON describing the session / the outputs
//   outputData(job, i) -> Float32Array          forget(job)       releaseSession(id)
// JS drivers (the Node runner, tests) may await whenAnySettles() between polls.

const PENDING = 0, DONE = 1, FAILED = 2;

// IEEE half -> float, for models that output float16.
function halfToFloat(h) {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, f = h & 0x3ff;
  if (e === 0) return s * Math.pow(2, -14) * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * Math.pow(2, e - 15) * (1 + f / 1024);
}

function toFloat32(tensor) {
  const d = tensor.data;
  if (d instanceof Float32Array) return d;
  if (tensor.type === 'float16' && d instanceof Uint16Array) return Float32Array.from(d, halfToFloat);
  if (typeof BigInt64Array !== 'undefined' && (d instanceof BigInt64Array || d instanceof BigUint64Array)) {
    return Float32Array.from(d, (v) => Number(v));
  }
  if (ArrayBuffer.isView(d)) return Float32Array.from(d);
  throw new Error(`output of type ${tensor.type} cannot be converted to numbers`);
}

function describeValues(session, names, metadata) {
  // onnxruntime 1.22+ reports element types and shapes; older builds only names.
  if (Array.isArray(metadata) && metadata.length === names.length) {
    return metadata.map((m) => ({ name: m.name, type: m.isTensor === false ? 'non-tensor' : m.type, shape: m.shape ?? [] }));
  }
  return names.map((name) => ({ name }));
}

function messageOf(err) {
  if (err instanceof Error) return err.message;
  return String(err);
}

export class OrtBridge {
  constructor({ openProvider, now = () => performance.now(), defaultProviders }) {
    this.openProvider = openProvider;
    this.now = now;
    this.defaultProviders = defaultProviders;
    this.jobs = new Map();
    this.sessions = new Map();
    this.nextJob = 1;
    this.nextSession = 1;
    this.waiters = [];
  }

  // ---- jobs ----
  startJob(kind, promise) {
    const id = this.nextJob++;
    const job = { kind, state: PENDING, value: undefined, error: '', abandoned: false, claimed: false };
    this.jobs.set(id, job);
    promise.then(
      (value) => { job.state = DONE; job.value = value; },
      (err) => { job.state = FAILED; job.error = messageOf(err); },
    ).then(() => {
      if (job.abandoned) this.dropJob(id, job);
      const w = this.waiters; this.waiters = [];
      for (const resolve of w) resolve();
    });
    return id;
  }

  dropJob(id, job) {
    // A created session nobody took: release it so the runtime frees its memory.
    if (job.kind === 'create' && job.state === DONE && !job.claimed) this.releaseSession(job.value.session);
    this.jobs.delete(id);
  }

  poll(id) {
    const job = this.jobs.get(id);
    if (!job) return FAILED;
    return job.state;
  }

  text(id) {
    const job = this.jobs.get(id);
    if (!job) return `unknown job ${id}`;
    if (job.state === FAILED) return job.error;
    if (job.state === PENDING) return '';
    if (job.kind === 'create') job.claimed = true;
    if (job.json === undefined) job.json = JSON.stringify(job.kind === 'create' ? job.value : job.value.description);
    return job.json;
  }

  outputData(id, index) {
    const job = this.jobs.get(id);
    if (!job || job.kind !== 'run' || job.state !== DONE) throw new Error(`wlOrt: job ${id} has no outputs`);
    return job.value.data[index];
  }

  forget(id) {
    const job = this.jobs.get(id);
    if (!job) return;
    if (job.state === PENDING) job.abandoned = true;
    else this.dropJob(id, job);
  }

  pendingCount() {
    let n = 0;
    for (const job of this.jobs.values()) if (job.state === PENDING) n++;
    return n;
  }

  // Resolves when some job settles (immediately when none is pending).
  whenAnySettles() {
    if (this.pendingCount() === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  // ---- sessions ----
  createSession(bytes, options = {}) {
    return this.startJob('create', this.openSession(bytes, options));
  }

  async openSession(bytes, options) {
    const providers = options.providers?.length ? options.providers : this.defaultProviders;
    const fallbacks = [];
    for (const provider of providers) {
      let opened;
      try {
        opened = await this.openProvider(provider, options);
      } catch (err) {
        fallbacks.push({ provider, reason: messageOf(err) });
        continue;
      }
      const t0 = this.now();
      try {
        const session = await opened.ort.InferenceSession.create(bytes, opened.sessionOptions);
        const createMs = this.now() - t0;
        const id = this.nextSession++;
        this.sessions.set(id, { session, ort: opened.ort, chain: Promise.resolve(), provider });
        return {
          session: id,
          provider,
          fallbacks,
          createMs,
          inputs: describeValues(session, session.inputNames, session.inputMetadata),
          outputs: describeValues(session, session.outputNames, session.outputMetadata),
        };
      } catch (err) {
        fallbacks.push({ provider, reason: messageOf(err) });
      }
    }
    const tried = fallbacks.map((f) => `${f.provider}: ${f.reason}`).join('; ');
    throw new Error(tried || 'no execution provider was requested');
  }

  releaseSession(id) {
    const s = this.sessions.get(id);
    if (!s) return;
    this.sessions.delete(id);
    // Release after any queued run, so a run in flight is not cut off.
    s.chain = s.chain.then(() => s.session.release()).catch(() => {});
  }

  run(sessionId, inputs, copyInMs = 0) {
    const s = this.sessions.get(sessionId);
    if (!s) return this.startJob('run', Promise.reject(new Error(`session ${sessionId} was released`)));
    const queued = this.now();
    const t0 = this.now();
    const feeds = {};
    for (const input of inputs) feeds[input.name] = new s.ort.Tensor(input.type || 'float32', input.data, input.dims);
    const tensorMs = this.now() - t0;
    // ONNX Runtime does not allow overlapping runs on one session: queue them.
    const result = s.chain.then(async () => {
      const start = this.now();
      const outputs = await s.session.run(feeds);
      const runMs = this.now() - start;
      const c0 = this.now();
      const names = s.session.outputNames;
      const data = names.map((n) => toFloat32(outputs[n]));
      const description = {
        outputs: names.map((n) => ({ name: n, type: outputs[n].type, dims: Array.from(outputs[n].dims) })),
        timings: { copyInMs: copyInMs + tensorMs, queueMs: start - queued, runMs, outputMs: this.now() - c0 },
      };
      for (const n of names) outputs[n].dispose?.();
      return { description, data };
    });
    s.chain = result.catch(() => {});
    return this.startJob('run', result);
  }
}
