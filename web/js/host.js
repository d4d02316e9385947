// The page-side half of the app's host interfaces (src/platform/web/web_host.cpp): display
// textures decoded by the browser, model downloads, downloads of exports and the clock. The
// C++ side starts jobs and polls them from its frame loop; nothing here blocks a frame.
import { download } from './files.js';
import { writeIntoFolder } from './folder-writer.js';

const PENDING = 0, DONE = 1, FAILED = 2;

export class Host {
  constructor(files) {
    this.files = files;
    this.textureJobs = new Map();
    this.modelJobs = new Map();
    this.saveJobs = new Map();
  }

  // createImageBitmap decodes off the main thread and applies the EXIF orientation.
  startTexture(job, fileId, maxDim) {
    const entry = { state: PENDING, bitmap: null, error: '' };
    this.textureJobs.set(job, entry);
    const file = this.files.file(fileId);
    if (!file) { entry.state = FAILED; entry.error = 'the file is no longer available'; return; }
    createImageBitmap(file, { imageOrientation: 'from-image' }).then(async (bmp) => {
      if (entry.cancelled) { bmp.close(); return; }
      const scale = Math.min(1, maxDim / Math.max(bmp.width, bmp.height));
      if (scale < 1) {
        const small = await createImageBitmap(bmp, { resizeWidth: Math.round(bmp.width * scale),
          resizeHeight: Math.round(bmp.height * scale), resizeQuality: 'high' });
        bmp.close();
        bmp = small;
      }
      if (entry.cancelled) { bmp.close(); return; }
      entry.bitmap = bmp;
      entry.state = DONE;
    }, (err) => {
      entry.state = FAILED;
      entry.error = `the browser cannot display this image (${err.message || err})`;
    });
  }

  // Turns a decoded bitmap into a texture registered with Emscripten's GL layer, so C++ can
  // use its id like any glGenTextures name. Writes id, width, height at heap32[index..].
  pollTexture(job, GL, gl, heap32, index) {
    const entry = this.textureJobs.get(job);
    if (!entry) return FAILED;
    if (entry.state !== DONE) return entry.state;
    const tex = gl.createTexture();
    const id = GL.getNewId(GL.textures);
    tex.name = id;
    GL.textures[id] = tex;
    gl.bindTexture(gl.TEXTURE_2D, tex);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, entry.bitmap);
    heap32[index] = id;
    heap32[index + 1] = entry.bitmap.width;
    heap32[index + 2] = entry.bitmap.height;
    entry.bitmap.close();
    this.textureJobs.delete(job);
    return DONE;
  }

  // The viewer moved on before the image was decoded: free it as soon as it arrives.
  cancelTexture(job) {
    const entry = this.textureJobs.get(job);
    if (!entry) return;
    entry.cancelled = true;
    if (entry.bitmap) entry.bitmap.close();
    this.textureJobs.delete(job);
  }

  textureError(job) {
    const entry = this.textureJobs.get(job);
    this.textureJobs.delete(job);
    return entry ? entry.error : 'unknown texture job';
  }

  // Model files: through globalThis.wlModelStore (cache + checksum) when the page has it.
  // cacheOnly: a model kept from an earlier visit, never downloaded.
  startModelFetch(job, url, sha256, cacheOnly = false) {
    const entry = { state: PENDING, received: 0, total: 0, bytes: null, sha256: '', fromCache: false, error: '' };
    this.modelJobs.set(job, entry);
    const onProgress = ({ received, total }) => { entry.received = received; entry.total = total || 0; };
    const store = globalThis.wlModelStore;
    const fetched = store
      ? store.fetchModel({ url, sha256: sha256 || undefined }, { onProgress, cacheOnly })
      : cacheOnly ? Promise.reject(new Error('this page keeps no models'))
      : fetch(url).then(async (r) => {
        if (!r.ok) throw new Error(`the server answered ${r.status} ${r.statusText} for ${url}`);
        return { bytes: new Uint8Array(await r.arrayBuffer()), sha256: '', fromCache: false };
      });
    fetched.then((m) => {
      entry.bytes = m.bytes; entry.sha256 = m.sha256 || ''; entry.fromCache = !!m.fromCache; entry.state = DONE;
    }, (err) => { entry.error = err.message || String(err); entry.state = FAILED; });
  }

  modelJob(job) { return this.modelJobs.get(job); }

  // A model file picked from disk, kept for resuming (model-store.js keepLocalModel).
  keepModel(name, sha256, bytes) {
    const store = globalThis.wlModelStore;
    if (!store) return;
    store.keepLocalModel(bytes, { sha256, name }).then((r) => { if (r.warning) console.warn('model file:', r.warning); },
      (e) => console.warn('model file not kept:', e.message));
  }

  // Exports into the folder the images came from (files.js keeps its handle).
  folderName() { return this.files.directory ? this.files.directory.name : ''; }

  startSave(job, name, mime, bytes) {
    const entry = { state: PENDING, name: '', error: '' };
    this.saveJobs.set(job, entry);
    writeIntoFolder(this.files.directory, name, new Blob([bytes], { type: mime })).then(
      (r) => { entry.name = r.name; entry.state = DONE; },
      (e) => { entry.error = e.message || String(e); entry.state = FAILED; });
  }

  saveJob(job) { return this.saveJobs.get(job); }

  localTime() {
    const d = new Date();
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }

  download(name, mime, bytes) { download(name, mime, bytes); }
}
