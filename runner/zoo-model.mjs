// The model zoo for the headless runner: a SPARROW catalogue id (models/sparrow/catalog.toml)
// or an unpacked package, to the entry and model bytes scripts/detect runs. Lookups and manifest
// reading happen in the wasm module (the same core code as the page); downloads go through
// web/js/sparrow-package.js into the cache folder of runner/package-cache.mjs.
import fs from 'node:fs';
import { fetchPackage } from '../web/js/sparrow-package.js';
import { folderStore, defaultCacheDir } from './package-cache.mjs';
import { UsageError } from './usage-error.mjs';

// A SPARROW package (from the zoo, or a .zip on disk) -> { entry, bytes, modelFile, digest },
// through the core's manifest reader (the runner's wasm module).
export function packageModel(runner, pkg, zooId, catalogFile) {
  const request = { texts: pkg.texts, models: pkg.models.map(({ path: p, key, sha256, size }) => ({ path: p, key: key ?? `https://local-packages.invalid/${sha256}/${p}`, sha256, size })) };
  if (zooId) Object.assign(request, { catalog: fs.readFileSync(catalogFile, 'utf8'), id: zooId });
  let chosen;
  try {
    chosen = JSON.parse(runner.packageEntry(request));
  } catch (err) {
    throw new UsageError(`${zooId ?? 'the package'}: ${err.message}`);
  }
  const m = pkg.models.find((x) => x.path === chosen.file.path);
  const bytes = m.bytes ?? fs.readFileSync(m.file);
  return { entry: chosen.entry, bytes, modelFile: `${pkg.folder || pkg.id}/${m.path}`, digest: m.sha256 };
}

// `task`: what the caller wants, "detector" (--model) or "classifier" (--classifier).
export async function zooModel(runner, id, catalogFile, task = 'detector') {
  if (!fs.existsSync(catalogFile)) return null;
  let found;
  try {
    found = runner.zooLookup(fs.readFileSync(catalogFile, 'utf8'), id);
  } catch (err) {
    throw new UsageError(err.message);
  }
  if (!found) return null;
  if (found.offer === 'not-offered') throw new UsageError(`"${id}" is in the model zoo but cannot run here: ${found.reason}`);
  if (found.offer === 'link-only') throw new UsageError(`"${id}" is not in the zoo's bundle: ${found.reason} Then run: scripts/detect detect --model PACKAGE.zip ...`);
  if (found.offer === 'after-terms' && process.env.WL_ACCEPT_TERMS !== '1') {
    throw new UsageError(`"${id}" is published under ${found.license}: ${found.reason} Set WL_ACCEPT_TERMS=1 to accept these terms and download it.`);
  }
  if (task === 'detector' && found.task !== 'detector') throw new UsageError(`"${id}" is a ${found.task}; give it with --classifier, and a detector with --model`);
  if (task === 'classifier' && found.task === 'detector') throw new UsageError(`"${id}" is a detector; give it with --model, and a species classifier with --classifier`);
  const base = process.env.WL_ZOO_BASE ?? 'https://zenodo.org';
  const store = folderStore(defaultCacheDir());
  let last = 0;
  const onProgress = ({ received, total, fromCache }) => {
    if (fromCache || !process.stderr.isTTY && received - last < 8 << 20 && received !== total) return;
    last = received;
    process.stderr.write(`\rdetect: downloading ${id}: ${(received / 1e6).toFixed(1)}${total ? ' of ' + (total / 1e6).toFixed(1) : ''} MB`);
  };
  let pkg;
  try {
    pkg = await fetchPackage({ id, record: found.record, zip: found.zip }, { base, store, onProgress });
  } catch (err) {
    throw new UsageError(`${id}: ${err.message}`);
  }
  if (!pkg.fromCache) process.stderr.write(`\ndetect: ${id} checked (MD5) and kept in ${store.dir}\n`);
  if (pkg.bytesOf) for (const m of pkg.models) m.bytes = pkg.bytesOf.get(m.path);
  return packageModel(runner, pkg, id, catalogFile);
}

