// The classifier's answer on the reference crops of make_reference.py: each torchvision tensor
// (OUT_DIR/<n>.npy) through the fixture MobileNetV2 in onnxruntime-node (native CPU) and in
// onnxruntime-web (WASM, under Node: the runtime the page and `WL_PROVIDERS=wasm` use), softmax,
// top 5 of each, written into crops.json. The int8 model's native kernels depend on the
// processor (see tests/node/detect-cli.test.mjs), so both are kept: the parity test compares
// our pipeline with the same runtime, and reports the native agreement as well.
//
// Usage: node tests/reference/classifier/logits.mjs OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const outDir = process.argv[2] ?? '/tmp/wl-classifier-reference';
const model = fs.readFileSync(path.join(here, '../../../../shared/fixtures/models/mobilenetv2_int8/mobilenetv2-12-int8.onnx'));

// A float32 .npy as numpy writes it (little-endian, C order).
function readNpy(file) {
  const buf = fs.readFileSync(file);
  const headerLen = buf.readUInt16LE(8);
  const header = buf.subarray(10, 10 + headerLen).toString('latin1');
  if (!header.includes("'<f4'") || header.includes("'fortran_order': True")) throw new Error(`${file}: not a C-order float32 array`);
  const start = 10 + headerLen;
  return new Float32Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + buf.length));
}

function top5(logits) {
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v, i) => [i, v / z]).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([i, p]) => [i, Number(p.toFixed(6))]);
}

async function run(ort, options) {
  const session = await ort.InferenceSession.create(model, options);
  return async (tensor) => {
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', tensor, [1, 3, 224, 224]) });
    return Array.from(out[session.outputNames[0]].data);
  };
}

const file = path.join(here, 'crops.json');
const ref = JSON.parse(fs.readFileSync(file, 'utf8'));
const native = await run(require('onnxruntime-node'), {});
const web = require('onnxruntime-web');
web.env.wasm.numThreads = 1;
const wasm = await run(web, { executionProviders: ['wasm'] });
for (const crop of ref.crops) {
  const tensor = readNpy(path.join(outDir, `${crop.index}.npy`));
  crop.top5_native = top5(await native(tensor));
  crop.top5_wasm = top5(await wasm(tensor));
}
ref.meta.logits = 'tests/reference/classifier/logits.mjs: onnxruntime-node (top5_native) and onnxruntime-web WASM (top5_wasm), softmax';
const agree = ref.crops.filter((c) => c.top5_native[0][0] === c.top5_wasm[0][0]).length;
fs.writeFileSync(file, JSON.stringify(ref, null, 1) + '\n');
console.log(`${ref.crops.length} crops; native and WASM agree on top-1 for ${agree}`);
