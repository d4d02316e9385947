// Memory stays flat over a long batch of photos: 500 real photos at camera-trap sizes from
// 0.3 to 20 MP (tests/support/photo-pool.mjs), through the page from the file input and the
// Run button, with a detector of YOLOv5's input and output that answers at once (so the run
// takes a minute; tests/support/memory-batch.mjs). After image 500, the page's JS heap and the
// app's wasm memory in use are within 10% of what they were after image 50 (both measured at
// rest: paused there, finished here), and each stored image record takes a steady, small size. The 10,000-image version of the same run is a benchmark: scripts/bench-memory.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMemoryBatch } from '../support/memory-batch.mjs';

const COUNT = 500, EARLY = 50;

test(`memory stays flat over ${COUNT} photos up to 20 MP`, async () => {
  const r = await runMemoryBatch({ count: COUNT, early: EARLY, log: (line) => console.log(`# ${line}`) });
  const { early, end } = r;
  const perEarly = early.recordBytes / early.records, perEnd = end.recordBytes / end.records;
  console.log(`# ${COUNT} photos (${r.pixels.toFixed(0)} MP) in ${r.seconds.toFixed(0)} s = ${(COUNT / r.seconds).toFixed(2)} images/s; ` +
    `stored ${(end.storedBytes / COUNT).toFixed(0)} bytes per image in all, records ${perEnd.toFixed(0)} bytes each ` +
    `(${perEarly.toFixed(0)} over the first ${early.records}); ` +
    `browser storage estimate ${end.storageUsage === null ? 'n/a' : `${((end.storageUsage - r.before.storageUsage) / COUNT).toFixed(0)} bytes per image`}`);
  assert.equal(r.progress.done, COUNT);
  assert.equal(r.progress.failed, 0);
  assert.ok(end.js <= early.js * 1.1, `JS heap after image ${early.done}: ${early.js}, after ${COUNT}: ${end.js}`);
  assert.ok(end.wasmInUseBytes <= early.wasmInUseBytes * 1.1,
    `wasm in use after image ${early.done}: ${early.wasmInUseBytes}, after ${COUNT}: ${end.wasmInUseBytes}`);
  // Stored results: small, and linear in the images (the same bytes per image early and late).
  assert.equal(end.records, COUNT);
  assert.ok(perEnd < 4096, `${perEnd} bytes stored per image record`);
  assert.ok(Math.abs(perEnd - perEarly) <= 0.1 * perEarly, `bytes per image record ${perEarly} then ${perEnd}`);
  assert.deepEqual(r.errors, []);
});
