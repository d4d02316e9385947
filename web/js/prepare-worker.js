// A dedicated worker that prepares images for the app (see prepare-service.js): it runs the
// core's prepare_image() (decode, EXIF orientation, letterbox, NCHW tensor) from its own small
// Emscripten module, app/wl_prepare_worker.{js,wasm}, built by cmake/Prepare.cmake.
//
// Messages in: { job, file, spec, keep } (file: a File or Blob; spec: JSON from the C++ side;
// keep: hold the decoded image for crops), { job, frame: { rgb, width, height, decodeMs },
// spec, keep } (a video frame the video worker decoded: RGB24 pixels, transferred), { cancel: job }, { crop: job, request } and
// { release: job }. Every job is answered exactly once: { job, meta, tensor } (tensor
// transferred; null when the image failed, the reason is in meta), { job, error } when the
// file could not be read or the module could not start, { job, cancelled: true }, or
// { job, error, fatal: true } when the module aborted and this worker must be replaced.
// Every crop request is answered once: { crops: job, meta, tensor } or { crops: job, error }.
//
// One image at a time, in the order asked; the next file is read while an image is decoded.
// Crops are cut as soon as they are asked for, between images: the image is already decoded
// here, and the species classifier waits for them.
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
let module = null;   // the started module, once ready
ready.then((M) => { module = M; }, () => {});

self.onmessage = (e) => {
  const msg = e.data;
  if (msg.cancel) {
    cancelled.add(msg.cancel);
    if (module && !broken) module._wl_prepare_release(msg.cancel);
    return;
  }
  if (msg.release) {
    if (module && !broken) module._wl_prepare_release(msg.release);
    return;
  }
  if (msg.crop) {
    cutCrops(msg.crop, msg.request);
    return;
  }
  const bytes = msg.frame ? Promise.resolve(msg.frame.rgb) : msg.file.arrayBuffer();
  bytes.catch(() => {});
  chain = chain.then(() => prepare(msg, bytes));
};

const messageOf = (err) => (err && err.message) || String(err);

function cutCrops(job, request) {
  if (broken || !module) {
    self.postMessage({ crops: job, error: 'the image decoder is not running any more' });
    return;
  }
  const M = module;
  let text = 0;
  try {
    const size = M.lengthBytesUTF8(request) + 1;
    text = M._malloc(size);
    M.stringToUTF8(request, text, size);
    const ok = M._wl_prepare_crops(job, text);
    M._free(text);
    const meta = M.UTF8ToString(M._wl_prepare_crops_meta());
    let tensor = null;
    if (ok) {
      const at = M._wl_prepare_crops_tensor() >>> 2;
      tensor = M.HEAPF32.slice(at, at + M._wl_prepare_crops_length());
    }
    if (ok) self.postMessage({ crops: job, meta, tensor }, [tensor.buffer]);
    else self.postMessage({ crops: job, error: JSON.parse(meta).failure ?? 'the crops could not be cut' });
  } catch (err) {
    broken = true;
    self.postMessage({ crops: job, error: `the image decoder failed while cutting crops (${messageOf(err)})`, fatal: true });
  }
}

async function prepare({ job, spec, keep, frame }, bytesPromise) {
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
    const ok = frame
      ? M._wl_prepare_rgb(data, frame.width, frame.height, specText, keep ? job : 0, frame.decodeMs || 0)
      : M._wl_prepare_run(data, bytes.length, specText, keep ? job : 0);
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
