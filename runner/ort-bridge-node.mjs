// globalThis.wlOrt for Node: onnxruntime-node (native CPU) first, onnxruntime-web's WASM
// backend as the fallback. Same interface as the browser's web/js/ort-bridge.js; the job
// table is shared (web/js/ort-bridge-core.mjs).
//
// Providers: "cpu"  -> onnxruntime-node, denormals flushed to zero (random-init and some real
//                      models run ~3x slower natively without it; WASM cannot flush them),
//            "wasm" -> onnxruntime-web, the same kernels the browser runs without WebGPU,
//            "webgpu" is recorded as unavailable and skipped.
import { createRequire } from 'node:module';
import os from 'node:os';
import { OrtBridge } from '../web/js/ort-bridge-core.mjs';

const require = createRequire(import.meta.url);
const graphLevels = new Set(['disabled', 'basic', 'extended', 'all']);

let nativeOrt, webOrt;

function graphLevel(options) {
  const level = options.graphOptimization ?? 'all';
  if (!graphLevels.has(level)) throw new Error(`unknown graph optimisation level "${level}" (use disabled, basic, extended or all)`);
  return level;
}

function defaultThreads() {
  return Math.max(1, Math.min(4, os.availableParallelism ? os.availableParallelism() : os.cpus().length));
}

async function openProvider(name, options) {
  const threads = options.threads > 0 ? options.threads : defaultThreads();
  if (name === 'cpu') {
    try {
      nativeOrt ??= require('onnxruntime-node');
    } catch (err) {
      throw new Error(`onnxruntime-node could not be loaded (${err.message}); run npm install --ignore-scripts`);
    }
    return {
      ort: nativeOrt,
      sessionOptions: {
        executionProviders: ['cpu'],
        intraOpNumThreads: threads,
        graphOptimizationLevel: graphLevel(options),
        extra: { session: { set_denormal_as_zero: '1' } },
      },
    };
  }
  if (name === 'wasm') {
    if (!webOrt) {
      webOrt = await import('onnxruntime-web');
      webOrt.env.wasm.numThreads = threads;  // fixed at the first session, as in the browser
    }
    return { ort: webOrt, sessionOptions: { executionProviders: ['wasm'], graphOptimizationLevel: graphLevel(options) } };
  }
  if (name === 'webgpu') throw new Error('WebGPU is not available under Node');
  throw new Error(`unknown execution provider "${name}" (Node offers cpu and wasm)`);
}

export function installOrtBridge() {
  globalThis.wlOrt ??= new OrtBridge({ openProvider, defaultProviders: ['cpu', 'wasm'] });
  return globalThis.wlOrt;
}
