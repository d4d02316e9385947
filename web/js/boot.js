// Starts the app: probes the browser, loads the UI font, the component list and the model
// zoo, installs the JavaScript halves of the host interfaces (files, textures, downloads,
// image preparation in a worker, ONNX Runtime), then instantiates the Emscripten module on
// the canvas.
// window.wildlife is the automation API (docs/automation-api.md).
import { probeEnvironment } from './environment.js';
import { FileTable, installFileInputs, openPicker } from './files.js';
import { Host } from './host.js';
import { PrepareService } from './prepare-service.js';
import { VideoFrames } from './video-frames.js';
import { installOrtBridge } from './ort-bridge.js';
import { installAutomationApi } from './automation.js';
import { installPaste } from './clipboard.js';
import * as modelStore from './model-store.js';
import { SessionStore } from './session-store.js';
import { BackgroundDriver } from './background.js';

const loading = document.getElementById('loading');

function fail(message) {
  loading.textContent = message;
  loading.classList.add('error');
  loading.classList.remove('hidden');
}

async function fetchBytes(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

async function boot() {
  globalThis.wlModelStore = modelStore; // model downloads and cache (model-store.js)
  globalThis.WlSessionStore = SessionStore; // the stored batch and choices; the C++ side opens it
  const text = (url) => fetch(url).then((r) => (r.ok ? r.text() : '')).catch(() => '');
  const [env, font, about, zooJson, sparrowCatalog, zooConfig] = await Promise.all([
    probeEnvironment(),
    fetchBytes('fonts/DejaVuSans.ttf'),
    fetch('about.json').then((r) => r.json()),
    text('models/zoo.json'),
    // The SPARROW model zoo: Microsoft's catalogue (read by the C++ core) and where its
    // packages are served (Zenodo, or a deployer's mirror; scripts/build-dist sets it).
    text('models/sparrow/catalog.toml'),
    fetch('models/sparrow/zoo-config.json').then((r) => (r.ok ? r.json() : {})).catch(() => ({})),
  ]);
  window.wlEnv = { ...env, fontBytes: font, components: about.components, zooJson, sparrowCatalog, zooBase: zooConfig.base || '' };
  window.wildlife = { ready: false, environment: env, ui: {} };

  // Offline cache. Where the server already isolates the page, coi-serviceworker does not
  // register itself, so register the same worker here for its cache.
  if ('serviceWorker' in navigator && window.isSecureContext && window.crossOriginIsolated) {
    navigator.serviceWorker.register('sw.js').catch((e) => console.warn('offline cache unavailable:', e.message));
  }

  const files = new FileTable();
  globalThis.wlFiles = files;
  globalThis.wlHost = new Host(files);
  // Clips are probed and decoded by FFmpeg in a worker of their own (video-frames.js).
  globalThis.wlVideo = new VideoFrames(files);
  // Images are decoded and preprocessed in a worker (prepare-service.js), not in the frame loop.
  globalThis.wlPrepare = new PrepareService(files, { video: globalThis.wlVideo });
  globalThis.wlOpenPicker = (kind) => openPicker(files, kind);
  installFileInputs(files);
  // A batch goes on behind another tab, and the screen stays awake while it runs (background.js).
  globalThis.wlBackground = new BackgroundDriver();
  await installOrtBridge();

  if (typeof createCamtrapApp !== 'function') throw new Error('app/camtrap_app.js did not load');
  const canvas = document.getElementById('canvas');
  const module = await createCamtrapApp({
    canvas,
    locateFile: (path) => 'app/' + path,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
  });
  globalThis.wlBackground.attach(module);
  installAutomationApi(module, files, env);
  installPaste(module); // Ctrl+V into the app's text fields (the model URL)
  loading.classList.add('hidden');
  canvas.focus();
}

boot().catch((e) => {
  console.error(e);
  fail(`CamTrap Studio could not start:\n${e.message}`);
});
