// globalThis.wlOrt for the browser: onnxruntime-web, self-hosted (no CDN), WebGPU when the
// browser gives an adapter, otherwise WASM (multi-threaded when the page is cross-origin
// isolated). When the preferred provider fails, the next one is tried and the reason kept, so
// the UI can say "running on WASM because: ...". Same interface as runner/ort-bridge-node.mjs.
//
// Usage (an ES module, before the wasm app starts; defaults match dist/ as assembled by
// scripts/assemble-dist.mjs): onnxruntime-web 1.30's WebGPU bundle, which also runs the WASM
// provider and loads the ort-wasm-simd-threaded.asyncify.{mjs,wasm} build next to it.
//   import { installOrtBridge } from './js/ort-bridge.js';
//   await installOrtBridge();
import { OrtBridge } from './ort-bridge-core.mjs';

const graphLevels = new Set(['disabled', 'basic', 'extended', 'all']);

function graphLevel(options) {
  const level = options.graphOptimization ?? 'all';
  if (!graphLevels.has(level)) throw new Error(`unknown graph optimisation level "${level}" (use disabled, basic, extended or all)`);
  return level;
}

export async function installOrtBridge({
  ortUrl = 'vendor/onnxruntime-web/ort.webgpu.min.mjs',
  wasmPaths = 'vendor/onnxruntime-web/',
} = {}) {
  if (globalThis.wlOrt) return globalThis.wlOrt;
  let ortPromise;
  let wasmConfigured = false;
  const loadOrt = () => {
    ortPromise ??= import(new URL(ortUrl, document.baseURI).href).then((ort) => {
      ort.env.wasm.wasmPaths = new URL(wasmPaths, document.baseURI).href;
      return ort;
    });
    return ortPromise;
  };
  let adapterChecked;
  const webgpuProblem = async () => {
    adapterChecked ??= (async () => {
      if (!globalThis.isSecureContext) return 'the page is not a secure context (serve it from https or 127.0.0.1)';
      if (!navigator.gpu) return 'this browser has no WebGPU (navigator.gpu is missing)';
      try {
        const adapter = await navigator.gpu.requestAdapter();
        return adapter ? '' : 'the browser found no WebGPU adapter (GPU blocked or unsupported)';
      } catch (err) {
        return `requesting a WebGPU adapter failed: ${err.message}`;
      }
    })();
    return adapterChecked;
  };

  async function openProvider(name, options) {
    const ort = await loadOrt();
    if (!wasmConfigured) {
      // Threads need SharedArrayBuffer, i.e. a cross-origin isolated page (COOP/COEP headers).
      // One core is left to the page: its frames, and the worker decoding the next images.
      // Measured on 2 cores (docs/threads.md): with both cores given to inference, one drawn
      // frame in five waited 50-100 ms for the CPU; with one, the frame p95 is 17 ms and the
      // batch is about 12% slower (still 1.5x what it was before frames were drawn only on
      // change). Beyond 4 threads the runtime gains little on these models.
      const cores = navigator.hardwareConcurrency || 1;
      const wanted = options.threads > 0 ? options.threads : Math.max(1, Math.min(4, cores - 1));
      ort.env.wasm.numThreads = globalThis.crossOriginIsolated ? wanted : 1;
      // The WASM provider otherwise computes on the page's main thread, freezing the UI for the
      // whole run; its proxy worker keeps the frame loop drawing. The proxy cannot serve
      // WebGPU and is fixed when the runtime first starts, so it is on unless this first
      // session is about to use a usable WebGPU adapter.
      const gpuUsable = name === 'webgpu' && !(await webgpuProblem());
      ort.env.wasm.proxy = !gpuUsable && typeof Worker !== 'undefined';
      wasmConfigured = true;
    }
    // Errors only: ORT's warnings (e.g. shape ops placed on the CPU next to WebGPU) are advice
    // for model authors, and the console shows them as errors to users and tests.
    const base = { graphOptimizationLevel: graphLevel(options), logSeverityLevel: 3 };
    if (name === 'webgpu') {
      const problem = await webgpuProblem();
      if (problem) throw new Error(problem);
      return { ort, sessionOptions: { ...base, executionProviders: ['webgpu'] } };
    }
    if (name === 'wasm') return { ort, sessionOptions: { ...base, executionProviders: ['wasm'] } };
    throw new Error(`unknown execution provider "${name}" (the browser offers webgpu and wasm)`);
  }

  globalThis.wlOrt = new OrtBridge({ openProvider, defaultProviders: ['webgpu', 'wasm'] });
  return globalThis.wlOrt;
}
