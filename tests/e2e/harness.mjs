// Shared set-up for the browser tests: serves dist/ on a free loopback port through
// scripts/server.mjs, and drives Debian's Chromium (headless) with playwright-core.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const ARTIFACTS = join(ROOT, 'build', 'e2e');
export const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');
mkdirSync(ARTIFACTS, { recursive: true });

// Quiet on a machine without network (see ../shared/TOOLCHAIN.md).
const BASE_FLAGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-unsafe-swiftshader'];
export const NO_WEBGPU_FLAGS = ['--disable-features=WebGPU', '--enable-unsafe-swiftshader'];

// WL_DIST_DIR serves another build (e.g. a kept copy of an older dist/, to compare timings).
const DIST = process.env.WL_DIST_DIR ? resolve(process.env.WL_DIST_DIR) : join(ROOT, 'dist');

export async function startServer({ isolation = true, root = DIST } = {}) {
  const args = [join(ROOT, 'scripts', 'server.mjs'), '--root', root, '--port', '0'];
  if (!isolation) args.push('--no-isolation');
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolveUrl, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolveUrl(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
  return { url, close: () => proc.kill() };
}

// serviceWorkers 'block' lets page.route() see every request (a service worker's own fetches
// bypass Playwright's routing).
export async function launchBrowser(extraFlags = WEBGPU_FLAGS, { serviceWorkers = 'allow' } = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'camtrap-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...BASE_FLAGS, ...extraFlags],
    viewport: { width: 1280, height: 800 },
    serviceWorkers,
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => { await context.close(); await rm(userDataDir, { recursive: true, force: true }); },
  };
}

// Chromium as a person runs it, for tests of a page behind another tab: started here with a
// DevTools port and joined with connectOverCDP({ noDefaults }), so Playwright applies none of
// its defaults (its focus emulation keeps every page "visible", and its launch flags turn off
// the throttling of background tabs). A second tab brought to front then hides the first.
export async function launchPlainBrowser(extraFlags = NO_WEBGPU_FLAGS) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'camtrap-chromium-'));
  const proc = spawn(process.env.CHROMIUM || '/usr/bin/chromium', ['--headless', '--remote-debugging-port=0',
    `--user-data-dir=${userDataDir}`, '--window-size=1280,800', ...BASE_FLAGS, ...extraFlags, 'about:blank'], { stdio: 'ignore' });
  const portFile = join(userDataDir, 'DevToolsActivePort');
  for (let i = 0; i < 300 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(portFile)) { proc.kill(); throw new Error('Chromium did not open its DevTools port'); }
  const port = readFileSync(portFile, 'utf8').split('\n')[0];
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { noDefaults: true, isLocal: true });
  const context = browser.contexts()[0];
  return {
    context,
    close: async () => {
      await browser.close().catch(() => {});
      proc.kill();
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

// The page asks the model zoo (Zenodo) for its file list at start-up, for the sizes in the
// Model menu. These machines have no internet, so that one load fails, and the browser logs it;
// the app goes on without sizes (tests/e2e/model_zoo.test.mjs serves a fake Zenodo instead).
// Only failed loads of that host are left out of the errors a test asserts on.
export const ZOO_HOST = 'https://zenodo.org/';
export function isOfflineZooLoad(msg) {
  return /^Failed to load resource/.test(msg.text()) && (msg.location()?.url ?? '').startsWith(ZOO_HOST);
}

// Opens the app and waits until the C++ side has drawn a frame and published its state.
// Console errors and page errors are collected for the caller to assert on.
export async function openApp(context, url) {
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error' && !isOfflineZooLoad(msg)) errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(url);
  await waitForApp(page);
  return { page, errors };
}

export async function waitForApp(page) {
  await page.waitForFunction(() => window.wildlife && window.wildlife.ready === true, null, { timeout: 60000 });
}

// Decodes a Playwright screenshot (8-bit RGB/RGBA, non-interlaced PNG) with node:zlib.
export function decodePng(buf) {
  let off = 8; let width = 0; let height = 0; let channels = 0; const idat = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off); const type = buf.toString('ascii', off + 4, off + 8);
    const body = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0); height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('unsupported PNG (bit depth or interlace)');
      channels = { 2: 3, 6: 4 }[body[9]];
      if (!channels) throw new Error(`unsupported PNG colour type ${body[9]}`);
    } else if (type === 'IDAT') idat.push(body);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels; const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]; const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
      let v = src[x];
      if (f === 1) v += a; else if (f === 2) v += b; else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) { const p = a + b - c; const pa = Math.abs(p - a); const pb = Math.abs(p - b); const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      out[y * stride + x] = v & 255;
    }
  }
  return { width, height, channels, data: out };
}

// How much of a screenshot is not background, and how many colours it has: a blank or
// single-colour page fails both. The background is the app's clear colour (27,29,33).
export function screenshotStats(png) {
  const { data, channels } = decodePng(png);
  let differing = 0; let samples = 0; const colours = new Set();
  for (let i = 0; i + 2 < data.length; i += channels * 5) {
    samples++;
    colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    if (Math.abs(data[i] - 27) + Math.abs(data[i + 1] - 29) + Math.abs(data[i + 2] - 33) > 24) differing++;
  }
  return { differingFraction: differing / samples, colours: colours.size };
}

// Clicks a widget the app reported in window.wildlife.ui.widgets (framebuffer pixels), e.g.
// "menu:Help", "item:About CamTrap Studio", "button:Run detection". Waits for it to be drawn.
export async function clickWidget(page, name, { timeout = 10000 } = {}) {
  // The rectangle must be the same in two looks a frame or more apart: a window that has just
  // appeared is still being placed (ImGui sizes auto-fitting windows over their first frames).
  const look = (n) => page.waitForFunction((w) => {
    const ui = window.wildlife && window.wildlife.ui;
    const r = ui && ui.widgets && ui.widgets[w];
    return r ? { r, ratio: ui.pixelRatio || 1 } : null;
  }, n, { timeout }).then((h) => h.jsonValue());
  let { r, ratio } = await look(name);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(50);
    const again = await look(name);
    const same = again.r.every((v, k) => Math.abs(v - r[k]) < 0.5);
    ({ r, ratio } = again);
    if (same) break;
  }
  await page.mouse.click((r[0] + r[2] / 2) / ratio, (r[1] + r[3] / 2) / ratio);
}

// Answers requests for `urlPath` on a page or a whole browser context with a fixture model
// from ../shared/fixtures/models, as a same-origin static file would be served.
export function serveFixtureModel(target, urlPath, file = 'yolov5n-coco.onnx') {
  const body = readFileSync(join(FIXTURES, 'models', file));
  return target.route(`**${urlPath}`, (route) => route.fulfill({
    body, contentType: 'application/octet-stream', headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } }));
}

// Frame timing, for the batch test and the frames benchmark (scripts/bench-frames.mjs).
// installFrameProbe (before the page loads) wraps requestAnimationFrame so the app's own frame
// callback is timed; startFrameProbe records from then on the interval between the frames the
// browser delivers and that work; stopFrameProbe returns both lists in ms.
export async function installFrameProbe(page) {
  await page.addInitScript(() => {
    const raf = window.requestAnimationFrame.bind(window);
    window.__probe = { recording: false, intervals: [], work: [] };
    window.requestAnimationFrame = (cb) => raf((t) => {
      const t0 = performance.now();
      cb(t);
      if (window.__probe.recording && !cb.probeTick) window.__probe.work.push(performance.now() - t0);
    });
  });
}

export async function startFrameProbe(page) {
  await page.evaluate(() => {
    const p = window.__probe;
    p.recording = true;
    let last = performance.now();
    const tick = (t) => { p.intervals.push(t - last); last = t; if (p.recording) requestAnimationFrame(tick); };
    tick.probeTick = true;
    requestAnimationFrame(tick);
  });
}

export async function stopFrameProbe(page) {
  return page.evaluate(() => { window.__probe.recording = false; return { frames: window.__probe.intervals, work: window.__probe.work }; });
}

// A person looking through the gallery: the pointer sweeps over the thumbnails (hover
// highlights change, so frames are drawn) until the returned function is awaited.
export function sweepGallery(page) {
  let sweeping = true;
  const done = (async () => {
    for (let i = 0; sweeping; i++) {
      await page.mouse.move(320 + (i % 40) * 22, 200 + (Math.floor(i / 40) % 4) * 120);
      await new Promise((r) => setTimeout(r, 40));
    }
  })();
  return async () => { sweeping = false; await done; };
}

export const quantile = (values, q) => { const v = Array.from(values).sort((a, b) => a - b); return v[Math.min(v.length - 1, Math.floor(v.length * q))]; };

// Ctrl+click on an ImGui slider makes it a text field: the value is typed, as a person would.
export async function typeIntoSlider(page, name, value) {
  const { r, ratio } = await page.evaluate((n) => ({ r: window.wildlife.ui.widgets[n], ratio: window.wildlife.ui.pixelRatio || 1 }), name);
  // The rectangle holds the slider and its label: the slider is the left part.
  await page.mouse.move((r[0] + r[3] * 2) / ratio, (r[1] + r[3] / 2) / ratio);
  await page.keyboard.down('Control');
  await page.mouse.down();
  await page.mouse.up();
  await page.keyboard.up('Control');
  await page.waitForTimeout(100);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(String(value));
  await page.keyboard.press('Enter');
}
