// A dedicated worker that prepares images for the app (see prepare-service.js): it runs the
// core's prepare_image() (decode, EXIF orientation, letterbox, NCHW tensor) from its own small
// Emscripten module, app/wl_prepare_worker.{js,wasm}, built by cmake/Prepare.cmake.
//
// Messages in: { job, file, spec } (file: a File or Blob; spec: JSON from the C++ side) and
// { cancel: job }. Every job is answered exactly once: { job, meta, tensor } (tensor
// transferred; null when the image failed, the reason is in meta), { job, error } when the
// file could not be read or the module could not start, { job, cancelled: true }, or
// { job, error, fatal: true } when the module aborted and this worker must be replaced.
//
// One image at a time, in the order asked; the next file is read while an image is decoded.
'use strict';

const appUrl = (path) => new URL('../app/' + path, self.location.href).href;
let ready;
try {
  importScripts(appUrl('wl_prepare_worker.js'));
  ready = createPrepareWorker({ locateFile: appUrl });
} catch (err) {
  ready = Promise.reject(err);
}
ready.catch(() => {});  // reported with each job instead

const cancelled = new Set();
let chain = Promise.resolve();
let broken = false;  // the module aborted; the page terminates this worker

self.onmessage = (e) => {
  const msg = e.data;
  if (msg.cancel) {
    cancelled.add(msg.cancel);
    return;
  }
  const bytes = msg.file.arrayBuffer();
  bytes.catch(() => {});
  chain = chain.then(() => prepare(msg, bytes));
};

const messageOf = (err) => (err && err.message) || String(err);

async function prepare({ job, spec }, bytesPromise) {
  if (broken) return;
  if (cancelled.delete(job)) {
    self.postMessage({ job, cancelled: true });
    return;
  }
  let bytes, M;
  try {
    bytes = new Uint8Array(await bytesPromise);
  } catch (err) {
    self.postMessage({ job, error: `the browser could not read the file (${messageOf(err)})` });
    return;
  }
  try {
    M = await ready;
  } catch (err) {
    self.postMessage({ job, error: `the image decoder could not start (${messageOf(err)})` });
    return;
  }
  let data = 0, specText = 0;
  try {
    data = M._malloc(Math.max(1, bytes.length));
    M.HEAPU8.set(bytes, data);
    const specSize = M.lengthBytesUTF8(spec) + 1;
    specText = M._malloc(specSize);
    M.stringToUTF8(spec, specText, specSize);
    const ok = M._wl_prepare_run(data, bytes.length, specText);
    const meta = M.UTF8ToString(M._wl_prepare_meta());
    let tensor = null;
    if (ok) {
      const at = M._wl_prepare_tensor() >>> 2;
      tensor = M.HEAPF32.slice(at, at + M._wl_prepare_tensor_length());
    }
    M._free(data);
    M._free(specText);
    self.postMessage({ job, meta, tensor }, tensor ? [tensor.buffer] : []);
  } catch (err) {
    // An abort (out of memory, a bug) leaves the module unusable: this worker is replaced.
    broken = true;
    self.postMessage({ job, error: `the image decoder failed on this image (${messageOf(err)})`, fatal: true });
  }
}
