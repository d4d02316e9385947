#!/usr/bin/env node
// The long-batch memory benchmark: N photos (default 10,000) at camera-trap sizes up to 20 MP
// through the real page in Debian's Chromium, as tests/e2e/batch_memory.test.mjs does with 500.
// Prints the page's JS heap, the app's wasm memory in use, the browser's measure of the page
// and its workers, and the stored batch, at 10 points along the run, and the ratios of the
// end to image N/10 (the bar: heap after image 10,000 <= heap after image 1,000 + 10%).
//   node scripts/bench-memory.mjs [--count 10000]      (needs dist/: scripts/build-dist)
import { runMemoryBatch } from '../tests/support/memory-batch.mjs';

const i = process.argv.indexOf('--count');
const count = i > 0 ? Number(process.argv[i + 1]) : 10000;
if (!Number.isInteger(count) || count < 20) { console.error('bench-memory: --count must be a whole number from 20'); process.exit(2); }
const early = Math.round(count / 10);
const r = await runMemoryBatch({ count, early, samples: 8, log: (line) => console.log(line) });
const ratio = (a, b) => (b ? (a / b).toFixed(3) : 'n/a');
console.log(`${count} photos (${r.pixels.toFixed(0)} MP) in ${r.seconds.toFixed(0)} s = ${(count / r.seconds).toFixed(2)} images/s, ` +
  `${r.progress.failed} failed`);
console.log(`end / image ${r.early.done}: JS heap ${ratio(r.end.js, r.early.js)}, wasm in use ${ratio(r.end.wasmInUseBytes, r.early.wasmInUseBytes)}, ` +
  `wasm heap size ${ratio(r.end.wasmHeapBytes, r.early.wasmHeapBytes)}, page and workers ${ratio(r.end.browser, r.early.browser)}`);
console.log(`stored: ${(r.end.storedBytes / count).toFixed(0)} bytes per image (${(r.early.storedBytes / r.early.done).toFixed(0)} ` +
  `over the first ${r.early.done}); browser storage estimate ` +
  (r.end.storageUsage === null ? 'n/a' : `${((r.end.storageUsage - r.before.storageUsage) / count).toFixed(0)} bytes per image`));
if (r.errors.length) console.log(`page errors: ${r.errors.join(' | ')}`);
