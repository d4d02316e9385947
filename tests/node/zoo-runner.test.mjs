// scripts/detect with the model zoo: a detector by its SPARROW id, downloaded from the fake
// Zenodo into the cache folder (MD5-checked, unpacked), used again from the cache with the
// server gone; and a SPARROW package given as a ZIP path. The runner reads manifests with the
// same core code as the page, so the output follows the manifest (input size, threshold).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixture, repoRoot } from './helpers.mjs';
import { buildSparrowPackage, sparrowManifest, startFakeZenodo } from '../support/fake-zenodo.mjs';

const detect = path.join(repoRoot, 'scripts/detect');
const RECORD = fs.readFileSync(path.join(repoRoot, 'models/sparrow/catalog.toml'), 'utf8').match(/^record\s*=\s*"(\d+)"/m)[1];
const images = ['images/speciesnet_test/african_elephants.jpg', 'images/speciesnet_test/human.jpg'].map(fixture);
const yolo = fs.readFileSync(fixture('models/yolov5n-coco-dynamic.onnx'));  // any input size
const coco = fs.readFileSync(fixture('models/yolov5n-coco.names'), 'utf8');

// The catalogue's MDV6-yolov10-c, played by the YOLOv5n fixture with a megadet_v5a manifest
// at a non-default input size and threshold.
const manifest = sparrowManifest({ id: 'MDV6-yolov10-c', size: 320, threshold: 0.35 });
const zipBytes = buildSparrowPackage({ id: 'MDV6-yolov10-c', manifest, model: yolo, labels: coco });

function run(args, env) {
  return new Promise((resolve) => {
    execFile(detect, args, { encoding: 'utf8', timeout: 600000, env: { ...process.env, ...env } },
      (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr }));
  });
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wl-zoo-runner-'));

test('the runner takes a zoo id: downloaded once with its checks, then from the cache', async () => {
  const zenodo = await startFakeZenodo({ record: RECORD, packages: [{ zip: 'camera_trap__detector__MDV6-yolov10-c.zip', bytes: zipBytes }] });
  const cache = tmp(); const out = path.join(tmp(), 'out.json');
  const env = { WL_ZOO_BASE: zenodo.base, WL_MODEL_CACHE: cache };
  try {
    const r = await run(['detect', '--model', 'MDV6-yolov10-c', '--out', out, ...images], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /checked \(MD5\) and kept in/);
    assert.match(r.stderr, /input 320,/);
    const md = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(md.images.length, 2);
    assert.equal(md.info.detector, 'MDV6-yolov10-c/model.onnx');
    // The manifest's threshold is the model's typical one (the runner writes candidates below it,
    // as MegaDetector's output does).
    assert.equal(md.info.detector_metadata.typical_detection_threshold, 0.35);
    assert.equal(md.info.detector_metadata.conservative_detection_threshold, 0.175);
    assert.equal(zenodo.requests.filter((q) => q.path.endsWith('/content')).length, 1);
  } finally { await zenodo.close(); }
  // The server is gone: the cache serves.
  const again = await run(['detect', '--model', 'MDV6-yolov10-c', '--out', out, images[0]], env);
  assert.equal(again.code, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /downloading/);
});

test('the runner takes a SPARROW ZIP path, and refuses a zoo entry whose terms are not accepted', async () => {
  const dir = tmp();
  const zip = path.join(dir, 'pkg.zip');
  fs.writeFileSync(zip, zipBytes);
  const out = path.join(dir, 'out.json');
  const r = await run(['detect', '--model', zip, '--out', out, images[0]], { WL_MODEL_CACHE: tmp() });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(fs.readFileSync(out, 'utf8')).images.length, 1);
  const nc = await run(['detect', '--model', 'sub-saharan-drylands', '--out', out, images[0]], { WL_MODEL_CACHE: tmp(), WL_ZOO_BASE: 'http://127.0.0.1:9' });
  assert.equal(nc.code, 2);
  assert.match(nc.stderr, /CC-BY-NC-SA-4\.0[\s\S]*WL_ACCEPT_TERMS=1/);
  const tflite = await run(['detect', '--model', 'MDV6-yolov10-c-tflite', '--out', out, images[0]], { WL_MODEL_CACHE: tmp() });
  assert.equal(tflite.code, 2);
  assert.match(tflite.stderr, /TFLite/);
});
