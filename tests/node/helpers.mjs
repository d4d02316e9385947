// Shared helpers for the Node tests: paths, fixture access, and loading the wasm modules with
// the ONNX Runtime bridge installed.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installOrtBridge } from '../../runner/ort-bridge-node.mjs';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const buildDir = process.env.WL_WEB_BUILD_DIR ?? path.join(repoRoot, 'build/web');
export const fixturesDir = process.env.WL_FIXTURES_DIR ?? path.resolve(repoRoot, '../shared/fixtures');

export function fixture(rel) {
  return path.join(fixturesDir, rel);
}

export async function loadProbe() {
  const bridge = installOrtBridge();
  const create = createRequire(import.meta.url)(path.join(buildDir, 'wl_session_probe.js'));
  return { m: await create(), bridge };
}

// Copies bytes into the module's heap; the caller frees with m._free.
export function toHeap(m, bytes) {
  const p = m._malloc(bytes.length);
  m.HEAPU8.set(bytes, p);
  return p;
}

export function withCString(m, s, fn) {
  const n = m.lengthBytesUTF8(s) + 1;
  const p = m._malloc(n);
  m.stringToUTF8(s, p, n);
  try {
    return fn(p);
  } finally {
    m._free(p);
  }
}

// Polls `pollFn` (0 = pending) letting the bridge's promises settle in between.
export async function until(bridge, pollFn) {
  for (;;) {
    const state = pollFn();
    if (state !== 0) return state;
    await bridge.whenAnySettles();
  }
}

export function readFixture(rel) {
  return fs.readFileSync(fixture(rel));
}

// Generated ONNX models live in tiny-onnx.mjs; re-exported here for the existing tests.
export { tinySigmoidModel } from './tiny-onnx.mjs';
