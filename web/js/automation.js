// window.wildlife: the page's automation API (docs/automation-api.md). ImGui draws into a
// canvas, so scripts, tests and power users come in here. Every call acts on the same app
// state the UI shows; the C++ side publishes that state into window.wildlife.ui each frame.

const COMMANDS = { start: 1, pause: 2, resume: 3, cancel: 4, clear: 5 };
const SESSION_COMMANDS = { resume: 1, discard: 2 };
const EXPORTS = { md: 0, csv: 1, coco: 2 };
const REVIEW_STATES = { unreviewed: 0, accepted: 1, rejected: 2, relabelled: 3 };

async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function waitFor(predicate, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const tick = () => {
      let value;
      try { value = predicate(); } catch (e) { reject(e); return; }
      if (value) { resolve(value); return; }
      if (performance.now() - started > timeoutMs) { reject(new Error(`timed out waiting for ${what}`)); return; }
      setTimeout(tick, 50);
    };
    tick();
  });
}

export function installAutomationApi(module, files, environment) {
  const api = window.wildlife || {};
  const ui = () => api.ui || {};

  Object.assign(api, {
    version: 1,
    environment,

    // Loads a detector from bytes (Uint8Array/ArrayBuffer) or a URL, with its manifest entry
    // (an object or JSON text, as in models/zoo.json). Resolves with the provider in use.
    async loadModel({ bytes, url, entry, fileName }) {
      if (!entry) throw new Error('loadModel needs the model\'s manifest entry');
      let data = bytes ? new Uint8Array(bytes) : null;
      let sha = '';
      let source = '';  // where the bytes are kept, so a resumed batch can reload them
      if (!data) {
        if (!url) throw new Error('loadModel needs bytes or a url');
        const fetched = globalThis.wlModelStore
          ? await globalThis.wlModelStore.fetchModel({ url })
          : { bytes: new Uint8Array(await (await fetch(url)).arrayBuffer()) };
        data = fetched.bytes;
        sha = fetched.sha256 || '';
        source = fetched.cached ? fetched.url : '';
      }
      if (!sha) sha = await sha256Hex(data);
      const entryJson = typeof entry === 'string' ? entry : JSON.stringify(entry);
      const name = fileName || (url ? url.split('/').pop() : 'model.onnx');
      const ptr = module._malloc(data.length);
      if (!ptr) throw new Error(`not enough memory in this tab to hold a ${(data.length / 1e6).toFixed(0)} MB model`);
      module.HEAPU8.set(data, ptr);
      const enc = (s) => { const b = new TextEncoder().encode(s + '\0'); const p = module._malloc(b.length); module.HEAPU8.set(b, p); return p; };
      const pEntry = enc(entryJson), pName = enc(name), pSha = enc(sha), pUrl = enc(source);
      const serial = (ui().model && ui().model.serial) || 0;
      let rc;
      try { rc = module._wl_app_load_model(ptr, data.length, pEntry, pName, pSha, pUrl); } finally {
        for (const p of [ptr, pEntry, pName, pSha, pUrl]) module._free(p);
      }
      if (rc !== 0) throw new Error(module.UTF8ToString(module._wl_app_text()));
      await waitFor(() => ui().model && ui().model.serial > serial && ui().model.state !== 'loading' &&
        ui().model.state !== 'none', 300000, 'the model to load');
      if (ui().model.state === 'failed' || /could not be loaded/.test(ui().model.message)) throw new Error(ui().model.message);
      return { provider: ui().model.provider, message: ui().model.message };
    },

    // Adds images (File objects); non-images are skipped and counted, as with the pickers.
    addFiles(list) { for (const f of list) files.add(f, f.webkitRelativePath || f.name); },

    start() { module._wl_app_command(COMMANDS.start); },
    pause() { module._wl_app_command(COMMANDS.pause); },
    resume() { module._wl_app_command(COMMANDS.resume); },
    cancel() { module._wl_app_command(COMMANDS.cancel); },
    clear() { module._wl_app_command(COMMANDS.clear); },
    setThreshold(t) { module._wl_app_set_threshold(t); },
    // 'auto' (WebGPU, else WASM), 'webgpu' or 'wasm': applies to the next model loaded.
    setProvider(p) { module._wl_app_set_provider({ auto: 0, webgpu: 1, wasm: 2 }[p] ?? 0); },

    // { state, total, done, failed, imagesPerSecond, etaSeconds, skippedNonImages }
    progress() { return { ...(ui().batch || {}) }; },

    // { drawn, skipped }: frames the app drew, and frames it left as they were because nothing
    // on screen changed (see src/app/redraw_gate.h). Counted since the page loaded.
    frameStats() { return { drawn: module._wl_shell_frame_count(0), skipped: module._wl_shell_frame_count(1) }; },

    // { wasmHeapBytes, wasmInUseBytes }: the app module's memory (it grows, in steps, and never
    // shrinks: its peak so far) and what malloc holds of it now.
    // What keeps a batch going behind another tab (web/js/background.js).
    background() { return { ...globalThis.wlBackground.state(), steps: module._wl_shell_background_steps() }; },
    memory() { return { wasmHeapBytes: module.HEAPU8.length, wasmInUseBytes: module._wl_shell_heap_in_use() }; },

    // Resolves when the batch has finished (or was cancelled).
    waitUntilFinished(timeoutMs = 600000) {
      return waitFor(() => ui().batch && ui().batch.state === 'finished', timeoutMs, 'the batch to finish');
    },

    // A reviewer's decision on one detection of a finished image, as the viewer's keys make it
    // (undoable there with Ctrl+Z): { state: 'accepted' | 'rejected' | 'relabelled' | 'unreviewed',
    // category: a detection category id, for 'relabelled' }. Exports follow it at once.
    review(imageIndex, detectionIndex, { state, category = '' } = {}) {
      const code = REVIEW_STATES[state];
      if (code === undefined) throw new Error(`unknown review state: ${state}`);
      const enc = new TextEncoder().encode(String(category) + '\0');
      const p = module._malloc(enc.length);
      module.HEAPU8.set(enc, p);
      let rc;
      try { rc = module._wl_app_review(imageIndex, detectionIndex, code, p); } finally { module._free(p); }
      if (rc !== 0) throw new Error(module.UTF8ToString(module._wl_app_text()));
    },

    // The gallery's filter and sort; members left out keep their value:
    // { show: ['animal', 'person', 'vehicle', 'other', 'empty', 'failed'] (any of; [] = all),
    //   minConf, maxConf, text, review: 'any' | 'reviewed' | 'notReviewed' | 'corrected',
    //   sort: 'added' | 'name' | 'time' | 'confidence', descending }
    setGalleryFilter(settings) {
      const bytes = new TextEncoder().encode(JSON.stringify(settings) + '\0');
      const p = module._malloc(bytes.length);
      module.HEAPU8.set(bytes, p);
      let rc;
      try { rc = module._wl_app_set_gallery(p); } finally { module._free(p); }
      if (rc !== 0) throw new Error(module.UTF8ToString(module._wl_app_text()));
    },

    // The left pane: 'gallery', 'list' or 'summary' (as the G / T / S keys).
    showTab(name) {
      const tab = { gallery: 0, list: 1, summary: 2 }[name];
      if (tab === undefined) throw new Error(`unknown tab: ${name}`);
      module._wl_app_show_tab(tab);
    },

    // Imports MegaDetector results (text, bytes, or a File/Blob), as File → Import does: the
    // images are listed with their boxes and matched to files added afterwards. Resolves with
    // { images }; rejects with the reason a file is not usable.
    async importResults(source, { name } = {}) {
      let bytes;
      if (typeof source === 'string') bytes = new TextEncoder().encode(source);
      else if (source instanceof Blob) bytes = new Uint8Array(await source.arrayBuffer());
      else bytes = new Uint8Array(source);
      const fileName = name || source.name || 'results.json';
      const ptr = module._malloc(Math.max(1, bytes.length));
      module.HEAPU8.set(bytes, ptr);
      const nameBytes = new TextEncoder().encode(fileName + '\0');
      const pName = module._malloc(nameBytes.length);
      module.HEAPU8.set(nameBytes, pName);
      let rc;
      try { rc = module._wl_app_import_results(ptr, bytes.length, pName); } finally { module._free(ptr); module._free(pName); }
      if (rc !== 0) throw new Error(module.UTF8ToString(module._wl_app_text()));
      // The state is published once per frame: wait for the frame after the import.
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return { images: ui().batch.total };
    },

    // The batch kept in this browser (docs/automation-api.md): the offer made at start, what is
    // being written, and the same choices as the offer's buttons.
    session: {
      info() { return JSON.parse(JSON.stringify(ui().session || {})); },
      resume() { module._wl_app_session_command(SESSION_COMMANDS.resume); },
      discard() { module._wl_app_session_command(SESSION_COMMANDS.discard); },
      // Resolves when every write queued so far is stored; then the storage figures.
      async flush() {
        const store = globalThis.wlStorage;
        if (!store) return { recordsWritten: 0, bytesWritten: 0, headersWritten: 0 };
        await store.flush();
        return { ...store.stats };
      },
    },

    // The results as MegaDetector batch JSON text ('md'), CSV ('csv') or COCO Camera Traps ('coco').
    // { fullPrecision: true } keeps unrounded confidences and boxes in the MD JSON.
    // { allCandidates: true } writes every detection the run kept, as Export → All candidates
    // does; false applies the thresholds; unset: the Export menu's choice.
    results(format = 'md', { fullPrecision = false, allCandidates } = {}) {
      const flags = (fullPrecision ? 1 : 0) | (allCandidates === true ? 2 : allCandidates === false ? 4 : 0);
      const ptr = module._wl_app_export(EXPORTS[format] ?? 0, flags);
      if (!ptr) throw new Error(module.UTF8ToString(module._wl_app_text()));
      const text = module.UTF8ToString(ptr);
      module._free(ptr);
      return text;
    },
  });
  window.wildlife = api;
  return api;
}
