// Getting images into the page: a multi-file picker, a folder (File System Access API,
// walked recursively, with a webkitdirectory fallback), and drag-and-drop of files and
// folders. A .onnx file is a model; a .json file on its own is results to import (MegaDetector
// JSON); a .zip on its own is a SPARROW model package. Files stay File objects in this table; the C++ side takes their ids, then asks for
// their bytes one at a time (globalThis.wlFiles is polled, never awaited, from the frame loop).
// Nothing here sends a byte anywhere.

const IMAGE_EXTENSIONS = /\.(jpe?g|png|bmp|webp|gif|tiff?|heic|heif|avif)$/i;
// Clips, decoded by FFmpeg in the video worker (video-frames.js). The same list as
// looks_like_video() in src/core/video/video_info.cpp, which decides how C++ runs a file.
const VIDEO_EXTENSIONS = /\.(mp4|m4v|mov|avi|asf|wmv|mkv|webm|mts|m2ts|3gp|mpg|mpeg|ts)$/i;
const MODEL_EXTENSION = /\.onnx$/i;
const PACKAGE_EXTENSION = /\.zip$/i;  // a SPARROW model package
// Class names for a model picked with it (labels.txt, classes.txt, imagenet_classes.txt, ...).
const LABELS_EXTENSION = /(labels|classes|names)[^/]*\.txt$/i;
const RESULTS_EXTENSION = /\.json$/i;
const PENDING = 0, DONE = 1, FAILED = 2;
// A single-file ONNX model cannot exceed protobuf's 2 GiB (src/core/models/model_limits.h says
// the same for bytes that reach C++); bigger files are refused before they are read into memory.
export const MODEL_BYTE_LIMIT = 2 ** 31;

export function modelTooLargeMessage(size) {
  return `the model file is ${(size / 1e9).toFixed(1)} GB, above the ${(MODEL_BYTE_LIMIT / 1e9).toFixed(1)} GB a single-file ` +
    'ONNX model can have in the browser. Export it at lower precision (FP16), choose a smaller variant, or run it with ' +
    'the headless runner on a computer.';
}

export function looksLikeImage(file, path) {
  return IMAGE_EXTENSIONS.test(path || file.name) || (file.type || '').startsWith('image/');
}

export function looksLikeVideo(file, path) {
  return VIDEO_EXTENSIONS.test(path || file.name);
}

export class FileTable {
  constructor() {
    this.files = new Map();   // id -> { file, path }
    this.fresh = [];          // ids not yet taken by the app
    this.skipped = [];        // paths of non-image files, not yet taken
    this.reads = new Map();   // id -> { state, bytes, error }
    this.models = [];         // .onnx files picked or dropped: { name, bytes } or { name, error }
    this.results = [];        // .json files picked or dropped, to import: { name, bytes } or { name, error }
    this.directory = null;    // the folder opened with showDirectoryPicker: exports can be saved into it
    this.nextId = 1;
  }

  add(file, path = file.webkitRelativePath || file.name) {
    if (MODEL_EXTENSION.test(path)) { this.addModel(file); return 0; }
    // A labels file picked or dropped with a model, on its own: the classifier's class names.
    if (LABELS_EXTENSION.test(path) && !path.includes('/')) { this.labels = file.text(); this.labels.catch(() => {}); return 0; }
    // A model package picked or dropped on its own; inside a folder of images it is skipped.
    if (PACKAGE_EXTENSION.test(path) && !path.includes('/')) { globalThis.wlHost?.addLocalPackage(file); return 0; }
    // A results file picked or dropped on its own; inside a folder of images it is just skipped.
    if (RESULTS_EXTENSION.test(path) && !path.includes('/')) { this.addResults(file); return 0; }
    if (!looksLikeImage(file, path) && !looksLikeVideo(file, path)) { this.skipped.push(path); return 0; }
    const id = this.nextId++;
    this.files.set(id, { file, path });
    this.fresh.push(id);
    return id;
  }

  addAll(files) { for (const f of files) this.add(f); }

  async addDirectoryHandle(dir, prefix = dir.name) {
    for await (const [name, handle] of dir.entries()) {
      const path = `${prefix}/${name}`;
      if (handle.kind === 'directory') await this.addDirectoryHandle(handle, path);
      else this.add(await handle.getFile(), path);
    }
  }

  // Drag-and-drop: DataTransferItems as FileSystemEntry trees (folders included).
  async addDropped(items) {
    const entries = [...items].map((it) => it.webkitGetAsEntry && it.webkitGetAsEntry()).filter(Boolean);
    const walk = async (entry, prefix) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isFile) {
        const file = await new Promise((res, rej) => entry.file(res, rej));
        this.add(file, path);
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        for (;;) {
          const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
          if (!batch.length) break;
          for (const child of batch) await walk(child, path);
        }
      }
    };
    for (const e of entries) await walk(e, '');
  }

  addModel(file) {
    if (file.size > MODEL_BYTE_LIMIT) { this.models.push({ name: file.name, error: modelTooLargeMessage(file.size) }); return; }
    // Files of one pick are added together, so a labels file picked beside the model is known
    // by the time the model's bytes are read.
    file.arrayBuffer().then(async (buf) => {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', buf));
      const sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
      const labels = this.labels ? await this.labels.catch(() => '') : '';
      this.labels = null;
      this.models.push({ name: file.name, bytes: new Uint8Array(buf), sha256, labels });
    },
      (err) => this.models.push({ name: file.name, error: `the browser could not read the file (${err.message || err})` }));
  }

  takeModel() { return this.models.shift(); }

  addResults(file) {
    file.arrayBuffer().then((buf) => this.results.push({ name: file.name, bytes: new Uint8Array(buf) }),
      (err) => this.results.push({ name: file.name, error: `the browser could not read the file (${err.message || err})` }));
  }

  takeResults() { return this.results.shift(); }

  // ---- polled by C++ ----
  takeNewJson() {
    const out = this.fresh.map((id) => {
      const { file, path } = this.files.get(id);
      return { id, path, size: file.size, modified: file.lastModified };
    });
    this.fresh = [];
    return JSON.stringify(out);
  }

  takeSkippedJson() {
    const out = JSON.stringify(this.skipped);
    this.skipped = [];
    return out;
  }

  startRead(id) {
    const entry = this.files.get(id);
    const job = { state: PENDING, bytes: null, error: '' };
    this.reads.set(id, job);
    if (!entry) { job.state = FAILED; job.error = 'the file is no longer available'; return; }
    entry.file.arrayBuffer().then(
      (buf) => { job.bytes = new Uint8Array(buf); job.state = DONE; },
      (err) => { job.state = FAILED; job.error = `the browser could not read the file (${err.message || err})`; });
  }

  pollRead(id) { const j = this.reads.get(id); return j ? j.state : FAILED; }
  readSize(id) { return this.reads.get(id)?.bytes?.length ?? 0; }
  readError(id) { return this.reads.get(id)?.error ?? 'no read was started'; }
  copyRead(id, heapU8, ptr) { heapU8.set(this.reads.get(id).bytes, ptr); }
  forgetRead(id) { this.reads.delete(id); }
  file(id) { return this.files.get(id)?.file; }
  clear() { this.files.clear(); this.fresh = []; this.reads.clear(); }
}

// Opens the browser's file or folder picker. Called from the frame that handled the click,
// which is still within the click's user activation.
export function openPicker(table, kind) {
  if (kind === 'folder' && typeof window.showDirectoryPicker === 'function') {
    window.showDirectoryPicker({ mode: 'read' }).then((dir) => { table.directory = dir; return table.addDirectoryHandle(dir); }, (err) => {
      if (err.name !== 'AbortError') console.warn('folder picker:', err.message);
    });
    return;
  }
  const input = document.getElementById({ folder: 'folder-input', model: 'model-input', results: 'results-input' }[kind] || 'file-input');
  input.value = '';
  input.click();
}

export function installFileInputs(table) {
  for (const id of ['file-input', 'folder-input', 'model-input', 'results-input']) {
    document.getElementById(id).addEventListener('change', (e) => table.addAll(e.target.files));
  }
  const canvas = document.getElementById('canvas');
  canvas.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  canvas.addEventListener('drop', (e) => {
    e.preventDefault();
    table.addDropped(e.dataTransfer.items).catch((err) => console.warn('drop:', err.message));
  });
}

export function download(name, mime, text) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
