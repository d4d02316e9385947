// scripts/detect: the headless batch runner. This file only does what C++ cannot do well
// under Node: parse the command line, find model configurations, walk folders, read files,
// await ONNX Runtime between polls, print progress and write the output file. Every image
// decision (decode, letterbox, inference, decoding, NMS, categories, JSON) happens in the wasm
// module (src/platform/runner/runner_exports.cpp over src/core/pipeline).
//
//   scripts/detect detect --model M.onnx|zoo-id --out results.json [--model-config FILE.json|zoo-id]
//                  [--classifier C] [--threshold 0.2] FILES_OR_DIRS...
//
// --model also takes a SPARROW model-zoo id (models/sparrow/catalog.toml, e.g. MDV6-yolov10-c),
// downloaded from the zoo into a cache folder with the page's checks (MD5, unpacked, pinned), or
// the path of a SPARROW package (.zip).
//
// Environment: WL_PROVIDERS (default "cpu,wasm"), WL_THREADS, WL_WEB_BUILD_DIR, WL_FIXTURES_DIR,
// WL_PIPELINE_DEPTH (1: no decode/inference overlap), WL_ZOO_BASE (where zoo packages are served;
// default https://zenodo.org), WL_MODEL_CACHE (the cache folder; default ~/.cache/camtrap-studio/models),
// WL_ACCEPT_TERMS=1 (accept a non-commercial or share-alike zoo model's licence terms).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { installOrtBridge } from './ort-bridge-node.mjs';
import { unpackLocalPackage } from '../web/js/sparrow-package.js';
import { packageModel, zooModel } from './zoo-model.mjs';
import { UsageError } from './usage-error.mjs';
import { ClipReader, VIDEO_EXTENSIONS, isVideo, runClip } from './video.mjs';
import { USAGE, parseArgs } from './args.mjs';

export { parseArgs };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = process.env.WL_WEB_BUILD_DIR ?? path.join(repoRoot, 'build/web');
const fixturesDir = process.env.WL_FIXTURES_DIR ?? path.resolve(repoRoot, '../shared/fixtures');
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.bmp', '.gif']);

// ---- model configuration ------------------------------------------------------------------

function readManifest(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function knownEntries() {
  const out = [];
  for (const [file, root] of [[path.join(repoRoot, 'models/zoo.json'), null], [path.join(repoRoot, 'tests/models/fixtures.json'), fixturesDir]]) {
    if (!fs.existsSync(file)) continue;
    for (const entry of readManifest(file).models) out.push({ entry, root });
  }
  return out;
}

function findEntry(id) {
  return knownEntries().find((k) => k.entry.id === id);
}

function loadConfig(arg) {
  if (fs.existsSync(arg) && fs.statSync(arg).isFile()) {
    let j;
    try {
      j = readManifest(arg);
    } catch (err) {
      throw new UsageError(`--model-config ${arg} is not valid JSON (${err.message})`);
    }
    if (Array.isArray(j.models)) {
      if (j.models.length !== 1) throw new UsageError(`--model-config ${arg} holds ${j.models.length} models; give a file with one entry, or a zoo name`);
      return j.models[0];
    }
    return j;
  }
  const known = findEntry(arg);
  if (!known) throw new UsageError(`--model-config "${arg}" is neither a file nor a model name in models/zoo.json`);
  return known.entry;
}

function sha256(bytes) {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

const catalogFile = path.join(repoRoot, 'models/sparrow/catalog.toml');

// -> { entry, bytes, modelFile, digest }
async function resolveModel(opts, runner) {
  if (/\.zip$/i.test(opts.model) && fs.existsSync(opts.model)) {
    let pkg;
    try {
      pkg = await unpackLocalPackage(new Uint8Array(fs.readFileSync(opts.model)));
    } catch (err) {
      throw new UsageError(`--model ${opts.model}: ${err.message}`);
    }
    const model = packageModel(runner, pkg, null, catalogFile);
    if (opts.modelConfig) model.entry = loadConfig(opts.modelConfig);
    return model;
  }
  if (!opts.modelConfig && !(fs.existsSync(opts.model) && fs.statSync(opts.model).isFile()) && !findEntry(opts.model)) {
    const zoo = await zooModel(runner, opts.model, catalogFile);
    if (zoo) return zoo;
  }
  let entry = opts.modelConfig ? loadConfig(opts.modelConfig) : undefined;
  let bytes, modelFile;
  if (fs.existsSync(opts.model) && fs.statSync(opts.model).isFile()) {
    bytes = fs.readFileSync(opts.model);
    modelFile = path.basename(opts.model);
  } else {
    const known = findEntry(opts.model);
    if (!known) throw new UsageError(`--model "${opts.model}": no such file, and no model of that name in the model zoo (models/sparrow/catalog.toml) or models/zoo.json`);
    entry ??= known.entry;
    const local = (known.entry.weights ?? []).find((w) => w.format === 'onnx' && w.path);
    if (!local || !known.root) {
      const urls = (known.entry.weights ?? []).map((w) => w.url).filter(Boolean);
      throw new UsageError(
        `"${opts.model}" has no ONNX file on this machine. ${known.entry.notes ?? ''}` +
          (urls.length ? `\nPublished weights: ${urls.join(' ')}` : '') +
          `\nThen run: scripts/detect detect --model exported.onnx --model-config ${opts.model} ...`,
      );
    }
    const file = path.join(known.root, local.path);
    bytes = fs.readFileSync(file);
    modelFile = path.basename(file);
  }
  const digest = sha256(bytes);
  if (!entry) {
    // No configuration given: recognise the model by its checksum or its file name.
    const byHash = knownEntries().find((k) => (k.entry.weights ?? []).some((w) => w.sha256 === digest));
    const byName = findEntry(path.basename(opts.model).replace(/\.onnx$/i, ''));
    entry = (byHash ?? byName)?.entry;
    if (!entry) {
      throw new UsageError(
        `no configuration for ${modelFile}: pass --model-config FILE.json (format: models/zoo.json entries) or a zoo name such as mdv5a`,
      );
    }
  }
  return { entry, bytes, modelFile, digest };
}

// --classifier: a SPARROW package (.zip), a model-zoo id, or what resolveClassifier takes.
async function resolveClassifierModel(arg, runner) {
  const fromPackage = (m) => {
    if (m.entry.task !== 'classifier') throw new UsageError(`--classifier ${arg} is a ${m.entry.task}, not a species classifier; give it with --model`);
    return { entry: m.entry, bytes: m.bytes, file: m.modelFile };
  };
  if (/\.zip$/i.test(arg) && fs.existsSync(arg)) {
    let pkg;
    try {
      pkg = await unpackLocalPackage(new Uint8Array(fs.readFileSync(arg)));
    } catch (err) {
      throw new UsageError(`--classifier ${arg}: ${err.message}`);
    }
    return fromPackage(packageModel(runner, pkg, null, catalogFile));
  }
  if (!(fs.existsSync(arg) && fs.statSync(arg).isFile()) && !findEntry(arg)) {
    const zoo = await zooModel(runner, arg, catalogFile, 'classifier');
    if (zoo) return fromPackage(zoo);
  }
  return resolveClassifier(arg);
}

// -> { entry, bytes, file } for --classifier: a zoo/fixture name, or an .onnx file recognised by
// checksum or name, or one with a FILE.json configuration beside it.
function resolveClassifier(arg) {
  let entry, bytes, file;
  if (fs.existsSync(arg) && fs.statSync(arg).isFile()) {
    bytes = fs.readFileSync(arg);
    file = path.basename(arg);
    const digest = sha256(bytes);
    const sidecar = arg.replace(/\.onnx$/i, '') + '.json';
    const known = knownEntries().find((k) => (k.entry.weights ?? []).some((w) => w.sha256 === digest)) ??
      findEntry(file.replace(/\.onnx$/i, ''));
    entry = known?.entry ?? (fs.existsSync(sidecar) ? loadConfig(sidecar) : undefined);
    if (!entry) throw new UsageError(`--classifier ${arg}: no configuration found; put one (a models/zoo.json entry) in ${sidecar}`);
  } else {
    const known = findEntry(arg);
    if (!known) throw new UsageError(`--classifier "${arg}" is neither a file nor a zoo name`);
    entry = known.entry;
    if (entry.task !== 'classifier') throw new UsageError(`--classifier "${arg}" is a ${entry.task}, not a classifier`);
    const local = (entry.weights ?? []).find((w) => w.format === 'onnx' && w.path);
    if (!local || !known.root) {
      const urls = (entry.weights ?? []).map((w) => w.url).filter(Boolean);
      throw new UsageError(`--classifier "${arg}" has no ONNX file on this machine. ${entry.notes ?? ''}` +
        (urls.length ? `\nPublished weights: ${urls.join(' ')}` : ''));
    }
    const f = path.join(known.root, local.path);
    bytes = fs.readFileSync(f);
    file = path.basename(f);
  }
  if (entry.task !== 'classifier') throw new UsageError(`--classifier ${arg} is configured as a ${entry.task}, not a classifier`);
  return { entry, bytes, file };
}

// ---- inputs -------------------------------------------------------------------------------

function collectInputs(inputs) {
  const files = [];
  const missing = [];
  const singleDir = inputs.length === 1 && fs.existsSync(inputs[0]) && fs.statSync(inputs[0]).isDirectory() ? inputs[0] : null;
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      missing.push({ file: dir, message: `folder could not be read: ${err.code ?? err.message}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (IMAGE_EXTENSIONS.has(path.extname(e.name).toLowerCase()) || isVideo(e.name)) files.push(p);
    }
  };
  for (const input of inputs) {
    let st;
    try {
      st = fs.statSync(input);
    } catch {
      missing.push({ file: input, message: 'no such file or folder' });
      continue;
    }
    if (st.isDirectory()) walk(input);
    else files.push(input);
  }
  // MegaDetector files list images relative to the folder that was processed.
  const display = (p) => (singleDir ? path.relative(singleDir, p) : p).split(path.sep).join('/');
  return { files: files.map((p) => ({ path: p, name: display(p) })), missing };
}

// ---- progress -----------------------------------------------------------------------------

function formatDuration(s) {
  if (!Number.isFinite(s)) return '--:--';
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return (h ? `${h}:${String(m).padStart(2, '0')}` : `${m}`) + `:${String(sec).padStart(2, '0')}`;
}

function progressReporter(total) {
  const start = performance.now();
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  return (done, file) => {
    const elapsed = (performance.now() - start) / 1000;
    const rate = done / Math.max(elapsed, 1e-3);
    const eta = (total - done) / rate;
    const line = `[${done}/${total}] ${Math.floor((100 * done) / total)}%  ${rate.toFixed(2)} img/s  ETA ${formatDuration(eta)}  ${file}`;
    if (tty) process.stderr.write(`\r\x1b[K${line.slice(0, process.stderr.columns ? process.stderr.columns - 1 : 200)}`);
    else if (done === total || performance.now() - lastLine > 2000) {
      process.stderr.write(line + '\n');
      lastLine = performance.now();
    }
    if (tty && done === total) process.stderr.write('\n');
  };
}

// ---- the wasm runner ----------------------------------------------------------------------

function completionTime() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export async function openRunner() {
  const bridge = installOrtBridge();
  const create = createRequire(import.meta.url)(path.join(buildDir, 'wl_runner.js'));
  const m = await create();
  const text = () => m.UTF8ToString(m._wl_runner_text());
  const withString = (s, fn) => {
    const n = m.lengthBytesUTF8(s) + 1;
    const p = m._malloc(n);
    m.stringToUTF8(s, p, n);
    try {
      return fn(p);
    } finally {
      m._free(p);
    }
  };
  const withBytes = (bytes, fn) => {
    const p = m._malloc(Math.max(1, bytes.length));
    m.HEAPU8.set(bytes, p);
    try {
      return fn(p, bytes.length);
    } finally {
      m._free(p);
    }
  };
  const until = async (poll) => {
    for (;;) {
      const s = poll();
      if (s !== 0) return s;
      await bridge.whenAnySettles();
    }
  };
  const check = (state) => {
    if (state !== 1) throw new Error(text());
    return text();
  };
  return {
    module: m,
    bridge,
    configure: (config) => check(withString(JSON.stringify(config), (p) => m._wl_runner_configure(p))),
    async loadModel(bytes) {
      check(withBytes(bytes, (p, n) => m._wl_runner_load_model(p, n)));
      return JSON.parse(check(await until(() => m._wl_runner_poll_model())));
    },
    async loadClassifier(bytes) {
      check(withBytes(bytes, (p, n) => m._wl_runner_load_classifier(p, n)));
      return JSON.parse(check(await until(() => m._wl_runner_poll_classifier())));
    },
    // Queues an image (at most two: the one in the engine and the next, decoded meanwhile).
    submit(name, bytes) {
      check(withString(name, (s) => withBytes(bytes, (p, n) => m._wl_runner_submit(s, p, n))));
    },
    // The oldest queued image, once finished.
    async next() {
      return JSON.parse(check(await until(() => m._wl_runner_poll_image())));
    },
    async detect(name, bytes) {
      this.submit(name, bytes);
      return this.next();
    },
    async detectPrepared(name, bytes, width, height) {
      check(withString(name, (s) => withBytes(bytes, (p, n) => m._wl_runner_submit_prepared(s, p, n, width, height))));
      return JSON.parse(check(await until(() => m._wl_runner_poll_image())));
    },
    // Top classes of given boxes of one image (file bytes), cut and scored as the batch driver
    // does, without the detector: for parity tests on fixed boxes.
    async classifyBoxes(bytes, boxes) {
      check(withString(JSON.stringify(boxes), (b) => withBytes(bytes, (p, n) => m._wl_runner_classify_boxes(p, n, b))));
      return JSON.parse(check(await until(() => m._wl_runner_poll_boxes())));
    },
    // The zoo entry of `id`, or null when the catalogue has none.
    zooLookup(catalogToml, id) {
      const state = withString(catalogToml, (c) => withString(id, (i) => m._wl_runner_zoo_lookup(c, i)));
      if (state !== 1) { if (text()) throw new Error(text()); return null; }
      return JSON.parse(text());
    },
    packageEntry: (request) => check(withString(JSON.stringify(request), (p) => m._wl_runner_package_entry(p))),
    // A clip: the frames the core sampled from ffprobe's description, or throws why it cannot be used.
    clipUnreadable: (name, size, reason) => check(withString(name, (s) => withString(reason, (r) => m._wl_runner_clip_unreadable(s, size, r)))),
    beginClip: (name, probeJson) => JSON.parse(check(withString(name, (s) => withString(probeJson, (j) => m._wl_runner_begin_clip(s, j))))),
    submitFrame(name, frame) {
      if (frame.error) {
        check(withString(name, (s) => withString(frame.error, (e) => m._wl_runner_submit_frame(s, frame.frame_number, 0, 0, 0, 0, e))));
      } else {
        check(withString(name, (s) => withBytes(frame.rgb, (p) => withString('', (e) =>
          m._wl_runner_submit_frame(s, frame.frame_number, p, frame.width, frame.height, frame.decodeMs, e)))));
      }
    },
    addFailure: (name, message) => check(withString(name, (s) => withString(message, (t) => m._wl_runner_add_failure(s, t)))),
    finish: () => check(withString(completionTime(), (p) => m._wl_runner_finish(p))),
    release: () => m._wl_runner_release(),
  };
}

export async function main(argv) {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      if (!err.message) {
        process.stdout.write(USAGE + '\n');  // --help
        return 0;
      }
      process.stderr.write(`detect: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  const runner = await openRunner();
  let model, classifier;
  try {
    model = await resolveModel(opts, runner);
    if (opts.classifier !== undefined) classifier = await resolveClassifierModel(opts.classifier, runner);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`detect: ${err.message}\n`);
    return 2;
  }
  const { files, missing } = collectInputs(opts.inputs);
  if (!files.length && !missing.length) {
    process.stderr.write(`detect: no images (${[...IMAGE_EXTENSIONS].join(' ')}) or clips (${[...VIDEO_EXTENSIONS].join(' ')}) found in ${opts.inputs.join(' ')}\n`);
    return 2;
  }
  const outDir = path.dirname(path.resolve(opts.out));
  if (!fs.existsSync(outDir)) {
    process.stderr.write(`detect: the folder for --out does not exist: ${outDir}\n`);
    return 2;
  }

  try {
    runner.configure({
      entry: model.entry,
      modelFile: model.modelFile,
      modelSha256: model.digest,
      threshold: opts.threshold ?? null,
      providers: (process.env.WL_PROVIDERS ?? 'cpu,wasm').split(',').filter(Boolean),
      threads: Number(process.env.WL_THREADS ?? 0),
      ...(classifier ? { classifier: classifier.entry, classifierFile: classifier.file } : {}),
      ...(opts.video ? { video: opts.video } : {}),
      ...(opts.classifyThreshold !== undefined ? { classifyThreshold: opts.classifyThreshold } : {}),
      ...(opts.maxCrops !== undefined ? { maxCrops: opts.maxCrops } : {}),
    });
  } catch (err) {
    process.stderr.write(`detect: ${err.message}\n`);
    return 2;
  }
  let session;
  try {
    session = await runner.loadModel(model.bytes);
  } catch (err) {
    process.stderr.write(`detect: ${model.modelFile}: ${err.message}\n`);
    return 1;
  }
  if (classifier) {
    try {
      await runner.loadClassifier(classifier.bytes);
    } catch (err) {
      process.stderr.write(`detect: ${classifier.file}: ${err.message}\n`);
      return 1;
    }
  }
  process.stderr.write(
    `detect: ${model.entry.id} (${model.modelFile}) on ${session.provider}` +
      (session.fallbacks.length ? ` [${session.fallbacks.map((f) => `${f.provider}: ${f.reason}`).join('; ')}]` : '') +
      `, input ${session.inputSize}, threshold ${Number(session.threshold.toPrecision(6))}` +
      (classifier ? `, classifier ${classifier.entry.id}` : '') + `, ${files.length} images\n`,
  );

  for (const m of missing) runner.addFailure(m.file, m.message);
  const progress = progressReporter(files.length);
  let failures = missing.length, detections = 0, runMs = 0, done = 0, inFlight = 0;
  const t0 = performance.now();
  const finishOne = async () => {
    const r = await runner.next();
    inFlight--;
    if (r.failure) failures++;
    detections += r.detections.length;
    runMs += r.timings.inferenceMs;
    progress(++done, r.file);
  };
  // With a core to spare, two images are in the pipeline at a time: while one is in ONNX
  // Runtime, the next is read, decoded and letterboxed. When the runtime's threads already use
  // every core, the overlap only competes with them (measured on 2 cores: no gain with the
  // native provider, 15-25% slower with WASM), so it is off. WL_PIPELINE_DEPTH=1|2 overrides.
  const cores = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
  const ortThreads = Number(process.env.WL_THREADS ?? 0) || Math.min(4, cores);
  const depth = process.env.WL_PIPELINE_DEPTH ? (process.env.WL_PIPELINE_DEPTH === '1' ? 1 : 2) : cores > ortThreads ? 2 : 1;
  let clips = null;  // the FFmpeg reader, made at the first clip
  for (const f of files) {
    if (isVideo(f.path)) {
      while (inFlight) await finishOne();  // keep the output in input order
      clips ??= new ClipReader();
      const r = await runClip(runner, clips, f);
      if (r.failed) failures++;
      detections += r.detections;
      runMs += r.inferenceMs;
      progress(++done, f.name);
      continue;
    }
    let bytes;
    try {
      bytes = fs.readFileSync(f.path);
    } catch (err) {
      while (inFlight) await finishOne();  // keep the output in input order
      runner.addFailure(f.name, `file could not be read: ${err.code ?? err.message}`);
      failures++;
      progress(++done, f.name);
      continue;
    }
    if (inFlight === depth) await finishOne();
    runner.submit(f.name, bytes);
    inFlight++;
  }
  while (inFlight) await finishOne();
  const json = runner.finish();
  fs.writeFileSync(opts.out, json);
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write(
    `detect: ${files.length} images in ${seconds.toFixed(1)} s (inference ${(runMs / Math.max(1, files.length)).toFixed(0)} ms/image), ` +
      `${detections} detections, ${failures} failed -> ${opts.out}\n`,
  );
  runner.release();
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`detect: internal error: ${err.stack ?? err}\n`);
      process.exit(1);
    },
  );
}
