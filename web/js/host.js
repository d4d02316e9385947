// The page-side half of the app's host interfaces (src/platform/web/web_host.cpp): display
// textures decoded by the browser, model downloads, downloads of exports and the clock. The
// C++ side starts jobs and polls them from its frame loop; nothing here blocks a frame.
import { download, looksLikeVideo } from './files.js';
import { writeIntoFolder } from './folder-writer.js';
import { fetchPackage, unpackLocalPackage, fetchRecord, recordUrl } from './sparrow-package.js';

// Models of packages opened from disk live only in this page, under these keys (never fetched).
const LOCAL_PACKAGE_PREFIX = 'https://local-packages.invalid/';

const PENDING = 0, DONE = 1, FAILED = 2;

export class Host {
  constructor(files) {
    this.files = files;
    this.textureJobs = new Map();
    this.modelJobs = new Map();
    this.saveJobs = new Map();
    this.packageJobs = new Map();
    this.pickedPackages = [];   // JSON texts for C++ (take_picked_package)
    this.localModels = new Map();  // key -> { bytes, sha256 } for packages opened from disk
    this.zooRecord = '';        // the zoo record's JSON text, handed to C++ once
  }

  // The zoo record (sizes and MD5s of every package): the copy kept from an earlier visit at
  // once, then a fresh one when the network answers. C++ takes each once (take_zoo_record).
  loadZooRecord(base, record) {
    const store = globalThis.wlModelStore;
    const url = recordUrl(base, record);
    store?.readKeptJson(url).then((kept) => { if (kept && !this.zooRecordFresh) this.zooRecord = JSON.stringify(kept); });
    fetchRecord(base, record).then(({ json }) => {
      this.zooRecordFresh = true;
      this.zooRecord = JSON.stringify(json);
      store?.keepJson(url, json);
    }, (e) => console.warn('model zoo:', e.message));
  }

  takeZooRecord() { const t = this.zooRecord; this.zooRecord = ''; return t; }

  // A package from the zoo: downloaded, MD5-checked, unpacked and kept (sparrow-package.js).
  startPackageFetch(job, request) {
    const entry = { state: PENDING, received: 0, total: 0, fromCache: false, result: '', abort: new AbortController() };
    this.packageJobs.set(job, entry);
    const onProgress = ({ received, total, fromCache }) => { entry.received = received; entry.total = total || 0; entry.fromCache = !!fromCache; };
    fetchPackage({ id: request.id, record: request.record, zip: request.zip },
      { base: request.base, store: globalThis.wlModelStore?.packageStore ?? null, onProgress, signal: entry.abort.signal })
      .then((p) => {
        entry.result = JSON.stringify({ ok: true, package: { id: p.folder || p.id, texts: p.texts, models: p.models, fromCache: p.fromCache, warning: p.warning ?? '' } });
        // Kept models are read back through the model store; when they could not be kept, from here.
        if (p.bytesOf && p.warning) for (const m of p.models) this.localModels.set(m.key, { bytes: p.bytesOf.get(m.path), sha256: m.sha256 });
        entry.state = DONE;
      }, (e) => { entry.result = JSON.stringify({ ok: false, error: e.message || String(e) }); entry.state = FAILED; });
  }

  packageJob(job) { return this.packageJobs.get(job); }
  takePackageJob(job) { const j = this.packageJobs.get(job); this.packageJobs.delete(job); return j ? j.result : JSON.stringify({ ok: false, error: 'unknown package job' }); }
  cancelPackage(job) { this.packageJobs.get(job)?.abort.abort(); }

  // A SPARROW package (.zip) picked or dropped: unpacked here; its models stay in this page.
  addLocalPackage(file) {
    unpackLocalPackage(file).then((p) => {
      const models = p.models.map((m) => {
        const key = `${LOCAL_PACKAGE_PREFIX}${m.sha256}/${m.path}`;
        this.localModels.set(key, { bytes: m.bytes, sha256: m.sha256 });
        return { path: m.path, key, sha256: m.sha256, size: m.size };
      });
      this.pickedPackages.push(JSON.stringify({ ok: true, package: { id: p.id || file.name.replace(/\.zip$/i, ''), texts: p.texts, models, fromCache: false } }));
    }, (e) => this.pickedPackages.push(JSON.stringify({ ok: false, error: `${file.name} cannot be used: ${e.message || e}` })));
  }

  takePickedPackage() { return this.pickedPackages.shift() ?? ''; }

  // createImageBitmap decodes off the main thread and applies the EXIF orientation.
  startTexture(job, fileId, maxDim, frame = -1) {
    const entry = { state: PENDING, bitmap: null, error: '' };
    this.textureJobs.set(job, entry);
    const file = this.files.file(fileId);
    if (!file) { entry.state = FAILED; entry.error = 'the file is no longer available'; return; }
    // A clip shows one of its frames (the poster, frame 0, unless the viewer names another),
    // decoded by the video worker.
    const source = frame >= 0 || looksLikeVideo(file, this.files.files.get(fileId)?.path)
      ? globalThis.wlVideo.frameImage(fileId, Math.max(0, frame)).then((img) => createImageBitmap(img))
      : createImageBitmap(file, { imageOrientation: 'from-image' });
    source.then(async (bmp) => {
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
    const local = this.localModels.get(url);
    const fetched = local ? Promise.resolve({ bytes: local.bytes, sha256: local.sha256, fromCache: true })
      : store
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
