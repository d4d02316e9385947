// The headless runner's store for SPARROW packages (web/js/sparrow-package.js): a folder, by
// default ~/.cache/camtrap-studio/models (WL_MODEL_CACHE overrides it). One folder per package,
// named after its content address; the unpacked files, and index.json written last, so a
// package is complete or absent. Model files are re-hashed when read: a damaged copy is
// downloaded again. The first download pins each model's SHA-256 (pins.json); a later
// download that differs is refused.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function defaultCacheDir() {
  return process.env.WL_MODEL_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'camtrap-studio', 'models');
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const folderOf = (dir, key) => path.join(dir, crypto.createHash('sha256').update(key).digest('hex').slice(0, 24));

export function folderStore(dir = defaultCacheDir()) {
  const pinsFile = path.join(dir, 'pins.json');
  const readPins = () => { try { return JSON.parse(fs.readFileSync(pinsFile, 'utf8')); } catch { return {}; } };
  return {
    dir,
    async readIndex(key) {
      const folder = folderOf(dir, key);
      let index;
      try { index = JSON.parse(fs.readFileSync(path.join(folder, 'index.json'), 'utf8')); } catch { return null; }
      for (const m of index.models ?? []) {
        const f = path.join(folder, m.path);
        if (!fs.existsSync(f) || sha256(fs.readFileSync(f)) !== m.sha256) return null;
        m.file = f;
      }
      return index;
    },
    async write(key, index, models) {
      const pins = readPins();
      for (const m of models) {
        const pin = pins[`${key}#${m.path}`];
        if (pin && pin !== m.sha256) throw new Error(`${m.path} in ${index.id} differs from the one first downloaded (expected SHA-256 ${pin}, got ${m.sha256}); the package on the server changed. Delete ${pinsFile} to accept it.`);
      }
      const folder = folderOf(dir, key);
      fs.mkdirSync(folder, { recursive: true });
      for (const m of models) {
        fs.mkdirSync(path.dirname(path.join(folder, m.path)), { recursive: true });
        fs.writeFileSync(path.join(folder, m.path), m.bytes);
        pins[`${key}#${m.path}`] = m.sha256;
      }
      fs.writeFileSync(pinsFile, JSON.stringify(pins, null, 1));
      fs.writeFileSync(path.join(folder, 'index.json'), JSON.stringify(index));
    },
  };
}
