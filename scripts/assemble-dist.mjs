// Assembles dist/ from the web shell (web/), the Emscripten build and the npm packages.
// Usage: node scripts/assemble-dist.mjs BUILD_DIR OUT_DIR
// Writes about.json (versions and licences of every bundled component, shown in the About
// panel) and sw.js (offline cache + coi-serviceworker, with this build's asset list).
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';

const [buildDir, outDir] = process.argv.slice(2);
if (!buildDir || !outDir) {
  console.error('usage: node scripts/assemble-dist.mjs BUILD_DIR OUT_DIR');
  process.exit(2);
}
const nm = 'node_modules';
const pkgVersion = (name) => JSON.parse(readFileSync(join(nm, name, 'package.json'), 'utf8')).version;
const debVersion = (name) => {
  try { return execFileSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8' }); } catch { return 'unknown'; }
};

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
cpSync('web', outDir, { recursive: true, filter: (src) => !src.endsWith('sw-offline.js') });

mkdirSync(join(outDir, 'app'), { recursive: true });
// The app, and the second module its image worker runs (web/js/prepare-worker.js).
for (const f of ['camtrap_app.js', 'camtrap_app.wasm', 'wl_prepare_worker.js', 'wl_prepare_worker.wasm']) {
  const src = join(buildDir, f);
  if (!existsSync(src)) { console.error(`assemble-dist: ${src} is missing; build the web preset first`); process.exit(1); }
  cpSync(src, join(outDir, 'app', f));
}

// onnxruntime-web: the WebGPU bundle (it also runs the WASM provider) and the one wasm build it
// loads (1.30's WebGPU bundle imports the asyncify variant).
const ortOut = join(outDir, 'vendor', 'onnxruntime-web');
mkdirSync(ortOut, { recursive: true });
for (const f of ['ort.webgpu.min.mjs', 'ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm']) {
  cpSync(join(nm, 'onnxruntime-web', 'dist', f), join(ortOut, f));
}

// FFmpeg compiled to wasm (single thread), loaded by the video worker (web/js/video-worker.js)
// from vendor/ffmpeg/ only when a clip is opened.
const ffmpegOut = join(outDir, 'vendor', 'ffmpeg');
mkdirSync(ffmpegOut, { recursive: true });
for (const f of ['ffmpeg-core.js', 'ffmpeg-core.wasm']) cpSync(join(nm, '@ffmpeg', 'core', 'dist', 'esm', f), join(ffmpegOut, f));

// The ES modules the page imports by bare name (web/index.html's import map).
mkdirSync(join(outDir, 'vendor', 'fflate'), { recursive: true });
cpSync(join(nm, 'fflate', 'esm', 'browser.js'), join(outDir, 'vendor', 'fflate', 'browser.js'));
mkdirSync(join(outDir, 'vendor', 'hash-wasm'), { recursive: true });
cpSync(join(nm, 'hash-wasm', 'dist', 'index.esm.min.js'), join(outDir, 'vendor', 'hash-wasm', 'index.esm.min.js'));

mkdirSync(join(outDir, 'models', 'sparrow'), { recursive: true });
cpSync(join('models', 'zoo.json'), join(outDir, 'models', 'zoo.json'));
// The SPARROW catalogue as it is, and where its packages are served: Zenodo, or the mirror a
// deployer names with WL_ZOO_BASE (docs/model-zoo.md).
for (const f of ['catalog.toml', 'LICENSE']) cpSync(join('models', 'sparrow', f), join(outDir, 'models', 'sparrow', f));
const zooConfig = JSON.parse(readFileSync(join('models', 'sparrow', 'zoo-config.json'), 'utf8'));
if (process.env.WL_ZOO_BASE) zooConfig.base = process.env.WL_ZOO_BASE.replace(/\/+$/, '');
writeFileSync(join(outDir, 'models', 'sparrow', 'zoo-config.json'), JSON.stringify(zooConfig, null, 1));

mkdirSync(join(outDir, 'fonts'), { recursive: true });
cpSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', join(outDir, 'fonts', 'DejaVuSans.ttf'));

const emccVersion = (() => {
  try { return execFileSync('emcc', ['--version'], { encoding: 'utf8' }).split('\n')[0].match(/(\d+\.\d+\.\d+)/)[1]; } catch { return 'unknown'; }
})();
const about = {
  components: [
    { name: 'ONNX Runtime Web', version: pkgVersion('onnxruntime-web'), licence: 'MIT', url: 'https://onnxruntime.ai' },
    { name: 'stb_image', version: debVersion('libstb-dev'), licence: 'MIT or public domain', url: 'https://github.com/nothings/stb' },
    { name: 'nlohmann/json', version: debVersion('nlohmann-json3-dev'), licence: 'MIT', url: 'https://github.com/nlohmann/json' },
    { name: 'Emscripten runtime (incl. GLFW emulation)', version: emccVersion, licence: 'MIT / UIUC', url: 'https://emscripten.org' },
    { name: 'fflate (ZIP)', version: pkgVersion('fflate'), licence: 'MIT', url: 'https://github.com/101arrowz/fflate' },
    { name: 'hash-wasm (MD5)', version: pkgVersion('hash-wasm'), licence: 'MIT', url: 'https://github.com/Daninet/hash-wasm' },
    { name: 'toml++', version: debVersion('libtomlplusplus-dev'), licence: 'MIT', url: 'https://marzer.github.io/tomlplusplus/' },
    { name: 'SPARROW model-zoo catalogue', version: 'see models/sparrow/catalog.toml', licence: 'MIT', url: 'https://github.com/microsoft/SPARROW-Engine' },
    { name: 'coi-serviceworker', version: pkgVersion('coi-serviceworker'), licence: 'MIT', url: 'https://github.com/gzuidhof/coi-serviceworker' },
    { name: 'FFmpeg (ffmpeg.wasm core, video decoding)', version: `${pkgVersion('@ffmpeg/core')} (FFmpeg 5.1.4)`, licence: 'GPL-2.0-or-later', url: 'https://github.com/ffmpegwasm/ffmpeg.wasm' },
    { name: 'DejaVu Sans font', version: debVersion('fonts-dejavu-core'), licence: 'Bitstream Vera / public domain', url: 'https://dejavu-fonts.github.io' },
  ],
};
writeFileSync(join(outDir, 'about.json'), JSON.stringify(about, null, 2));

// The offline list: every file of this build, and a cache name derived from their contents,
// so a new build replaces the old cache and an unchanged one keeps it.
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p); else files.push(p);
  }
};
walk(outDir);
const hash = createHash('sha256');
for (const f of files.sort()) hash.update(f).update(readFileSync(f));
const assets = ['./', ...files.map((f) => './' + relative(outDir, f).split('\\').join('/'))];
const prelude = readFileSync('web/sw-offline.js', 'utf8')
  .replace('__CACHE_NAME__', 'camtrap-' + hash.digest('hex').slice(0, 16))
  .replace('__ASSETS__', JSON.stringify(assets));
const coi = readFileSync(join(nm, 'coi-serviceworker', 'coi-serviceworker.js'), 'utf8');
writeFileSync(join(outDir, 'sw.js'), prelude + '\n' + coi);
console.log(`assemble-dist: ${files.length + 1} files in ${outDir}`);
