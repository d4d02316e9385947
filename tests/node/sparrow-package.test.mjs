// web/js/sparrow-package.js under Node against the fake Zenodo: download, MD5, unpack, keep,
// offline reuse, refusal of a bad checksum, and ZIPs that are not packages.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';
import { fixture } from './helpers.mjs';
import { buildSparrowPackage, startFakeZenodo, TEST_MANIFESTS } from '../support/fake-zenodo.mjs';
import { fetchPackage, unpackLocalPackage, fetchRecord, contentUrl, pageUrl, packageFileKey } from '../../web/js/sparrow-package.js';
import { folderStore } from '../../runner/package-cache.mjs';

const model = fs.readFileSync(fixture('models/yolov5n-coco.onnx'));
const labels = fs.readFileSync(fixture('models/yolov5n-coco.names'), 'utf8');
const modelSha = crypto.createHash('sha256').update(model).digest('hex');
const ZIP = 'camera_trap__detector__yolov5n-coco.zip';
const pkgBytes = buildSparrowPackage({ id: 'yolov5n-coco', manifest: TEST_MANIFESTS['yolov5n-coco'], model, labels });
const tmpStore = () => folderStore(fs.mkdtempSync(path.join(os.tmpdir(), 'wl-pkg-')));

test('a package downloads, its MD5 is checked, it unpacks and is kept; the next fetch needs no network', async () => {
  const zenodo = await startFakeZenodo({ record: '424242', packages: [{ zip: ZIP, bytes: pkgBytes }] });
  try {
    const store = tmpStore();
    const progress = [];
    const pkg = { id: 'yolov5n-coco', record: '424242', zip: ZIP };
    const got = await fetchPackage(pkg, { base: zenodo.base, store, onProgress: (p) => progress.push(p) });
    assert.equal(got.fromCache, false);
    assert.equal(got.verifiedBy, 'md5');
    assert.equal(got.folder, 'yolov5n-coco');
    assert.equal(got.texts['manifest.toml'], TEST_MANIFESTS['yolov5n-coco']);
    assert.equal(got.texts['labels.txt'], labels);
    assert.deepEqual(got.models.map((m) => [m.path, m.sha256, m.size]), [['model.onnx', modelSha, model.length]]);
    assert.equal(got.models[0].key, packageFileKey(contentUrl(zenodo.base, '424242', ZIP), 'model.onnx'));
    assert.ok(progress.length >= 2 && progress.at(-1).received === pkgBytes.length && progress.at(-1).total === pkgBytes.length);
    // The record, then the content address; nothing else, and no request carries a body.
    assert.deepEqual(zenodo.requests.map((r) => r.path), ['/api/records/424242', `/api/records/424242/files/${ZIP}/content`]);
    assert.ok(zenodo.requests.every((r) => r.bodyBytes === 0 && r.method === 'GET'));
    const before = zenodo.requests.length;
    const again = await fetchPackage(pkg, { base: zenodo.base, store });
    assert.equal(again.fromCache, true);
    assert.equal(zenodo.requests.length, before, 'a kept package is read without the network');
    assert.equal(again.models[0].sha256, modelSha);
    assert.equal(fs.readFileSync(again.models[0].file).length, model.length);
  } finally { await zenodo.close(); }
});

test('a package whose MD5 differs from the record is refused and nothing is kept', async () => {
  const zenodo = await startFakeZenodo({ record: '7', packages: [{ zip: ZIP, bytes: pkgBytes, md5: '0'.repeat(32) }] });
  try {
    const store = tmpStore();
    await assert.rejects(fetchPackage({ id: 'yolov5n-coco', record: '7', zip: ZIP }, { base: zenodo.base, store }),
      (e) => e.code === 'checksum' && /MD5/.test(e.message) && /Nothing was kept/.test(e.message));
    assert.deepEqual(fs.readdirSync(store.dir), []);
  } finally { await zenodo.close(); }
});

test('a zip missing from the record, a 404 and a host that does not answer each say what to do', async () => {
  const zenodo = await startFakeZenodo({ record: '7', packages: [{ zip: ZIP, bytes: pkgBytes }] });
  try {
    await assert.rejects(fetchPackage({ id: 'x', record: '7', zip: 'camera_trap__detector__x.zip' }, { base: zenodo.base }),
      (e) => e.code === 'record' && /does not list/.test(e.message));
    await assert.rejects(fetchPackage({ id: 'x', record: '7', zip: 'camera_trap__detector__x.zip', md5: 'a'.repeat(32) }, { base: zenodo.base }),
      (e) => e.code === 'http' && /404/.test(e.message));
    const rec = await fetchRecord(zenodo.base, '7');
    assert.equal(rec.files[ZIP].size, pkgBytes.length);
  } finally { await zenodo.close(); }
  const dead = 'http://127.0.0.1:9';
  await assert.rejects(fetchPackage({ id: 'yolov5n-coco', record: '7', zip: ZIP, md5: 'a'.repeat(32) }, { base: dead }),
    (e) => e.code === 'network' && e.message.includes(pageUrl(dead, '7', ZIP)) && /Open model file \(ONNX or package\)/.test(e.message));
});

test('local packages: a SPARROW zip unpacks; a zip without a manifest or without a model is refused', async () => {
  const got = await unpackLocalPackage(pkgBytes);
  assert.equal(got.id, 'yolov5n-coco');
  assert.equal(got.models[0].sha256, modelSha);
  await assert.rejects(unpackLocalPackage(zipSync({ 'a/readme.txt': strToU8('hi') })), (e) => e.code === 'layout' && /manifest\.toml/.test(e.message));
  await assert.rejects(unpackLocalPackage(zipSync({ 'a/manifest.toml': strToU8('[model]\n') })), (e) => e.code === 'layout' && /no \.onnx/.test(e.message));
  await assert.rejects(unpackLocalPackage(new Uint8Array(model.subarray(0, 4000))), (e) => e.code === 'zip');
});
