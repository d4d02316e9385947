// A small static file server for the built app: loopback only, with the COOP/COEP headers
// that SharedArrayBuffer (onnxruntime-web's threads) needs. No dependencies.
// Usage: node scripts/server.mjs [--root dist] [--port 8080] [--host 127.0.0.1] [--no-isolation]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const root = resolve(opt('--root', 'dist'));
const port = Number(opt('--port', process.env.PORT || 8080));
const host = opt('--host', '127.0.0.1');
const isolation = !args.includes('--no-isolation');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.data': 'application/octet-stream', '.onnx': 'application/octet-stream',
  '.webmanifest': 'application/manifest+json', '.ico': 'image/x-icon', '.md': 'text/markdown; charset=utf-8',
};

const server = createServer(async (req, res) => {
  const headers = { 'Cache-Control': 'no-cache' };
  if (isolation) {
    headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    headers['Cross-Origin-Resource-Policy'] = 'same-origin';
  }
  try {
    const url = new URL(req.url, 'http://localhost');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (path !== root && !path.startsWith(root + sep)) throw Object.assign(new Error('outside root'), { code: 'ENOENT' });
    if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
    const body = await readFile(path);
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(path)] || 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (e) {
    res.writeHead(e.code === 'ENOENT' || e.code === 'ENOTDIR' ? 404 : 500, { ...headers, 'Content-Type': 'text/plain' });
    res.end(e.code === 'ENOENT' || e.code === 'ENOTDIR' ? 'not found' : 'server error');
  }
});
server.listen(port, host, () => {
  console.log(`Serving ${root} at http://${host}:${server.address().port}/ (cross-origin isolation ${isolation ? 'on' : 'off'})`);
});
