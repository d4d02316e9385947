// Peak memory of a model-zoo package download (web/js/sparrow-package.js): a package with an
// incompressible model of SIZE_MB is served by the fake Zenodo from a second process, and the
// downloading process's resident memory is sampled every 10 ms. Reported as the peak above the
// starting point, and as a ratio to the model's size (1.0 = the model is held once).
//   node scripts/bench-package-memory.mjs [SIZE_MB=400]
// Two ZIP forms: sizes in the local headers (as Python's zipfile writes them: SPARROW's
// packages) and sizes only in data descriptors (as a streaming zipper writes them).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Zip, ZipPassThrough, zipSync } from 'fflate';
import { startFakeZenodo } from '../tests/support/fake-zenodo.mjs';
import { fetchPackage } from '../web/js/sparrow-package.js';

const [mode, sizeArg, form] = process.argv[2] === '--serve' ? process.argv.slice(2) : [null, process.argv[2] ?? '400'];
const sizeMb = Number(sizeArg);

if (mode === '--serve') {
  const model = crypto.randomBytes(sizeMb * 1e6);
  const manifest = new TextEncoder().encode('[model]\n');
  let bytes;
  if (form === 'streamed') {
    const parts = [];
    const z = new Zip((err, d) => { if (err) throw err; parts.push(d); });
    const m = new ZipPassThrough('big/manifest.toml'); z.add(m); m.push(manifest, true);
    const f = new ZipPassThrough('big/model.onnx'); z.add(f); f.push(model, true);
    z.end();
    bytes = Buffer.concat(parts);
  } else {
    bytes = zipSync({ 'big/manifest.toml': manifest, 'big/model.onnx': [model, { level: 0 }] });
  }
  const zenodo = await startFakeZenodo({ record: '1', packages: [{ zip: 'x.zip', bytes }] });
  console.log(zenodo.base);
} else {
  const results = [];
  for (const f of ['sized', 'streamed']) {
    const server = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', String(sizeMb), f], { stdio: ['ignore', 'pipe', 'inherit'] });
    const base = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(String(d).trim())));
    const rss = () => process.memoryUsage().rss;
    const before = rss(); let peak = before;
    const timer = setInterval(() => { peak = Math.max(peak, rss()); }, 10);
    const got = await fetchPackage({ id: 'big', record: '1', zip: 'x.zip' }, { base });
    peak = Math.max(peak, rss()); clearInterval(timer);
    server.kill();
    const size = got.models[0].size;
    results.push({ zip: f, modelMB: size / 1e6, peakExtraMB: Math.round((peak - before) / 1e6), peakOverModel: +((peak - before) / size).toFixed(2) });
    console.log(`${f}: model ${size / 1e6} MB, peak +${Math.round((peak - before) / 1e6)} MB = ${((peak - before) / size).toFixed(2)} x the model`);
  }
  console.log(JSON.stringify(results));
}
