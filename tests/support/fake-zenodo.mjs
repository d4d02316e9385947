// A local stand-in for Zenodo, for the model-zoo tests (no test may reach the internet).
// It plays the three addresses the zoo code uses, with the behaviour Zenodo's own tracker
// documents (zenodo/zenodo#2593):
//   GET /api/records/<id>                       JSON: files with key, size, "md5:<hex>" checksum; CORS
//   GET /api/records/<id>/files/<zip>/content   the bytes, with CORS, ignoring Range (always 200, whole file)
//   GET /records/<id>/files/<zip>               the bytes for a browser download: Range works, no CORS header
// Every request is logged (method, path, headers, body length) so tests can check what left the page.
// Packages are SPARROW ZIPs built here from fixture models (buildSparrowPackage).
import http from 'node:http';
import crypto from 'node:crypto';
import { zipSync, strToU8 } from 'fflate';

// A SPARROW package: "<id>/manifest.toml", "<id>/<model file>", and "<id>/labels.txt" when given.
export function buildSparrowPackage({ id, manifest, model, labels, modelFile = 'model.onnx', extra = {} }) {
  const files = { [`${id}/manifest.toml`]: strToU8(manifest), [`${id}/${modelFile}`]: new Uint8Array(model) };
  if (labels != null) files[`${id}/labels.txt`] = strToU8(labels);
  for (const [name, content] of Object.entries(extra)) files[`${id}/${name}`] = typeof content === 'string' ? strToU8(content) : content;
  // Deflate like Zenodo's packages; level 1 keeps the tests quick.
  return zipSync(files, { level: 1 });
}

export const md5Hex = (bytes) => crypto.createHash('md5').update(bytes).digest('hex');

// packages: [{ zip: 'camera_trap__detector__X.zip', bytes, md5 (optional: a wrong one to test refusal) }]
// options.cors = false: no address sends a CORS header; 'record-only': the file list does, the
// package address does not (a host that refuses the download itself).
export async function startFakeZenodo({ record, packages, cors = true, port = 0 } = {}) {
  const byKey = new Map(packages.map((p) => [p.zip, p]));
  const requests = [];
  let contentDelayMs = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      requests.push({ method: req.method, path: url.pathname, query: url.search, headers: req.headers, bodyBytes: Buffer.concat(chunks).length });
      const isRecord = /^\/api\/records\/[^/]+$/.test(url.pathname);
      const allow = (h) => (cors === true || (cors === 'record-only' && isRecord) ? { ...h, 'Access-Control-Allow-Origin': '*' } : h);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, allow({ 'Access-Control-Allow-Methods': 'GET', 'Access-Control-Allow-Headers': '*' }));
        return res.end();
      }
      let m = url.pathname.match(/^\/api\/records\/([^/]+)$/);
      if (m) {
        if (m[1] !== record) { res.writeHead(404, allow({ 'Content-Type': 'application/json' })); return res.end('{"status":404,"message":"PID does not exist."}'); }
        const files = packages.map((p) => ({
          id: crypto.randomUUID(), key: p.zip, size: p.bytes.length, checksum: `md5:${p.md5 ?? md5Hex(p.bytes)}`,
          links: { self: `/api/records/${record}/files/${encodeURIComponent(p.zip)}/content` },
        }));
        const body = JSON.stringify({ id: Number(record), files });
        res.writeHead(200, allow({ 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }));
        return res.end(body);
      }
      m = url.pathname.match(/^\/api\/records\/([^/]+)\/files\/([^/]+)\/content$/);
      if (m) {
        const p = m[1] === record && byKey.get(decodeURIComponent(m[2]));
        if (!p) { res.writeHead(404, allow({ 'Content-Type': 'text/plain' })); return res.end('not found'); }
        // Ranges are ignored here, as on Zenodo's API address.
        res.writeHead(200, allow({ 'Content-Type': 'application/octet-stream', 'Content-Length': p.bytes.length }));
        return sendSlowly(res, p.bytes, contentDelayMs);
      }
      m = url.pathname.match(/^\/records\/([^/]+)\/files\/([^/]+)$/);
      if (m) {
        const p = m[1] === record && byKey.get(decodeURIComponent(m[2]));
        if (!p) { res.writeHead(404); return res.end('not found'); }
        const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
        if (range) {
          const start = Number(range[1]); const end = range[2] ? Number(range[2]) : p.bytes.length - 1;
          res.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${p.bytes.length}`, 'Content-Length': end - start + 1 });
          return res.end(view(p.bytes.subarray(start, end + 1)));
        }
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': p.bytes.length });
        return res.end(view(p.bytes));
      }
      res.writeHead(404, allow({})); res.end();
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    base,
    record,
    requests,
    // Slows the content address down (ms between 64 KiB chunks), so a test can see progress.
    setContentDelay(ms) { contentDelayMs = ms; },
    contentUrl: (zip) => `${base}/api/records/${record}/files/${encodeURIComponent(zip)}/content`,
    pageUrl: (zip) => `${base}/records/${record}/files/${encodeURIComponent(zip)}`,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

// A view, not a copy: a large test package is not held twice.
const view = (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

function sendSlowly(res, bytes, delayMs) {
  if (!delayMs) return res.end(view(bytes));
  let at = 0;
  const step = () => {
    if (at >= bytes.length) return res.end();
    const next = Math.min(bytes.length, at + 65536);
    res.write(view(bytes.subarray(at, next)));
    at = next;
    setTimeout(step, delayMs);
  };
  step();
}

// A SPARROW manifest (the form SPARROW's own parser reads) for the test packages: a letterbox
// detector with labels.txt; `method` is megadet_v5a (the raw YOLOv5 head, our NMS) or yolo_e2e
// (NMS in the graph). Tests change the size and threshold to see the manifest drive the run.
export function sparrowManifest({ id, method = 'megadet_v5a', size = 640, threshold = 0.25 }) {
  return `[model]
id = "${id}"
format = "onnx"
file = "model.onnx"

[preprocessing]
method = "letterbox"
input_size = [${size}, ${size}]
layout = "nchw"
normalization = "unit"
pad_value = 0.447

[inference]
strategy = "single"

[postprocessing]
method = "${method}"
confidence_threshold = ${threshold}
${method === 'megadet_v5a' ? 'iou_threshold = 0.45\n' : ''}
[labels]
file = "labels.txt"
format = "one_per_line"
`;
}

export const TEST_MANIFESTS = { 'yolov5n-coco': sparrowManifest({ id: 'yolov5n-coco' }) };
