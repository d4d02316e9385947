// Batch sessions in IndexedDB, and the remembered choices in localStorage: the page's half of
// the storage seam (src/platform/storage.h, src/platform/js/storage.cpp). The C++ side queues
// writes and polls reads from its frame loop; nothing here is awaited by C++.
//
// Layout (database `camtrap-studio`, version 1), one session at a time:
//   session  key 'current' -> { id, header }   header: JSON text (core/session/session_header.h)
//   records  key index     -> { session, json } one finished image, keyed by its index in the
//                                               header's file list; put() replaces it (reviews)
// A finished image costs one small put, whatever the size of the batch; every write queued in
// the same turn of the event loop goes into one transaction. A header with a new id clears the
// records of the old session in the same transaction, so a half-replaced session never exists.
//
// Failures (quota exceeded, no IndexedDB in a private window, a blocked database) are kept as
// one message for the UI (takeError) and logged; the app goes on without storage.
import { isModelKept } from './model-store.js';

const DB_VERSION = 1;
const PENDING = 0, DONE = 1, FAILED = 2;

function describeError(e) {
  const name = e && e.name;
  if (name === 'QuotaExceededError') return 'the browser\'s storage for this site is full';
  if (name === 'InvalidStateError' || name === 'SecurityError') return 'this browser does not allow storage here (a private window?)';
  return (e && e.message) || String(e);
}

const request = (req) => new Promise((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});

export class SessionStore {
  constructor(name = 'camtrap-studio') {
    this.name = name;
    this.dbPromise = null;
    this.queue = [];
    this.timer = null;
    this.flushing = Promise.resolve();
    this.storedId = undefined;   // id of the session in the database (undefined: not read yet)
    this.error = null;           // the first failure not yet taken by the UI
    this.failed = false;         // a failure was reported; later ones are only logged
    // What was committed: records and their bytes (the cost per image), headers, all bytes.
    this.stats = { recordsWritten: 0, recordBytes: 0, headersWritten: 0, bytesWritten: 0 };
    this.summaryJob = null;
    this.recordsJob = null;
  }

  open() {
    this.dbPromise ??= new Promise((resolve, reject) => {
      if (!globalThis.indexedDB) { reject(new Error('this browser offers no IndexedDB here (a private window?)')); return; }
      let req;
      try { req = indexedDB.open(this.name, DB_VERSION); } catch (e) { reject(e); return; }
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('session')) db.createObjectStore('session');
        if (!db.objectStoreNames.contains('records')) db.createObjectStore('records');
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('the stored batch is held by another tab of this app'));
    });
    return this.dbPromise;
  }

  fail(e) {
    console.warn('session storage:', e);
    if (this.failed) return;
    this.failed = true;
    this.error = describeError(e);
  }

  takeError() { const e = this.error; this.error = null; return e; }

  // ---- writes, queued ----
  writeHeader(id, header) { this.enqueue({ op: 'header', id, header }); }
  putRecord(id, index, json) { this.enqueue({ op: 'record', id, index, json }); }
  discard() { this.enqueue({ op: 'discard' }); }

  enqueue(op) {
    this.queue.push(op);
    this.timer ??= setTimeout(() => { this.timer = null; this.flushing = this.flushing.then(() => this.writeQueued()); }, 0);
  }

  // Resolves when everything queued so far is stored (or has failed).
  async flush() {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; this.flushing = this.flushing.then(() => this.writeQueued()); }
    await this.flushing;
  }

  async writeQueued() {
    const ops = this.queue;
    this.queue = [];
    if (!ops.length) return;
    let db;
    try { db = await this.open(); } catch (e) { this.fail(e); return; }
    if (this.storedId === undefined) {
      try { this.storedId = (await request(db.transaction('session').objectStore('session').get('current')))?.id ?? null; } catch (e) { this.fail(e); return; }
    }
    let storedId = this.storedId;
    const counts = { records: 0, recordBytes: 0, bytes: 0, headers: 0 };
    await new Promise((resolve) => {
      let tx;
      try { tx = db.transaction(['session', 'records'], 'readwrite'); } catch (e) { this.fail(e); resolve(); return; }
      const session = tx.objectStore('session'), records = tx.objectStore('records');
      for (const op of ops) {
        if (op.op === 'discard') {
          session.clear(); records.clear(); storedId = null;
        } else if (op.op === 'header') {
          if (op.id !== storedId) { records.clear(); storedId = op.id; }
          session.put({ id: op.id, header: op.header }, 'current');
          counts.headers++; counts.bytes += op.header.length;
        } else if (op.id === storedId) {  // a late record of a replaced session is dropped
          records.put({ session: op.id, json: op.json }, op.index);
          counts.records++; counts.recordBytes += op.json.length; counts.bytes += op.json.length;
        }
      }
      tx.oncomplete = () => {
        this.storedId = storedId;
        this.stats.recordsWritten += counts.records;
        this.stats.recordBytes += counts.recordBytes;
        this.stats.headersWritten += counts.headers;
        this.stats.bytesWritten += counts.bytes;
        resolve();
      };
      tx.onabort = () => { this.storedId = undefined; this.fail(tx.error || new Error('the write was aborted')); resolve(); };
    });
  }

  // ---- reads, polled ----
  // { header, id, count, modelKept } or null when nothing is stored.
  async loadSummary() {
    await this.flush();
    const db = await this.open();
    const tx = db.transaction(['session', 'records']);
    const [current, count] = await Promise.all([
      request(tx.objectStore('session').get('current')), request(tx.objectStore('records').count())]);
    this.storedId = current?.id ?? null;
    if (!current) return null;
    let modelKept = false;
    try {
      const model = JSON.parse(current.header).model || {};
      modelKept = model.url ? await isModelKept(model.url, model.sha256) : false;
    } catch { /* a damaged header: the C++ side says so */ }
    return { header: current.header, id: current.id, count, modelKept };
  }

  // [{ index, json }] of the session `id`, in index order.
  async loadRecords(id) {
    await this.flush();
    const db = await this.open();
    const store = db.transaction('records').objectStore('records');
    const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    const out = [];
    keys.forEach((index, i) => { if (values[i].session === id) out.push({ index, json: values[i].json }); });
    return out;
  }

  // Jobs the C++ side polls: state 0 pending, 1 done, 2 failed.
  startSummary() { this.summaryJob = this.job(this.loadSummary()); }
  startRecords(id) { this.recordsJob = this.job(this.loadRecords(id)); }
  job(promise) {
    const j = { state: PENDING, value: null, error: '' };
    promise.then((v) => { j.value = v; j.state = DONE; }, (e) => { j.error = describeError(e); j.state = FAILED; });
    return j;
  }

  // ---- remembered choices ----
  readPreferences() {
    try { return localStorage.getItem(this.name + '.preferences') || ''; } catch { return ''; }
  }
  writePreferences(text) {
    try { localStorage.setItem(this.name + '.preferences', text); } catch (e) { this.fail(e); }
  }
}
