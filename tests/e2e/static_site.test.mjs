// dist/ as a static site: on a host that sends no COOP/COEP headers (GitHub Pages), the
// service worker isolates the page so WASM threads work; after the first visit the app
// starts with the server gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, WEBGPU_FLAGS, isOfflineZooLoad, launchBrowser, screenshotStats, startServer, waitForApp } from './harness.mjs';

test('on a host without COOP/COEP the service worker isolates the page, and the app works offline', async () => {
  const server = await startServer({ isolation: false });
  const browser = await launchBrowser(WEBGPU_FLAGS);
  let serverClosed = false;
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    page.on('console', (msg) => { if (msg.type() === 'error' && !isOfflineZooLoad(msg)) errors.push(msg.text()); });
    await page.goto(server.url);
    // coi-serviceworker registers itself and reloads once; wait for the isolated page.
    await page.waitForFunction(() => window.crossOriginIsolated === true && window.wildlife && window.wildlife.ready,
      null, { timeout: 60000 });
    const env = await page.evaluate(() => window.wildlife.environment);
    assert.equal(env.wasmThreads, true);
    // The worker must have cached every asset of this build before we go offline.
    await page.waitForFunction(async () => {
      const keys = await caches.keys();
      const name = keys.find((k) => k.startsWith('camtrap-'));
      if (!name) return false;
      const cached = await (await caches.open(name)).keys();
      return cached.some((r) => r.url.endsWith('.wasm')) && cached.some((r) => r.url.endsWith('DejaVuSans.ttf')) &&
        cached.some((r) => r.url.endsWith('/js/prepare-worker.js')) &&
        cached.some((r) => r.url.endsWith('/app/wl_prepare_worker.wasm'));
    }, null, { timeout: 60000, polling: 250 });

    server.close();
    serverClosed = true;
    await page.reload();
    await waitForApp(page);
    const png = await page.screenshot({ path: join(ARTIFACTS, 'offline.png') });
    assert.ok(screenshotStats(png).differingFraction > 0.02, 'the offline page did not render');
    assert.equal(await page.evaluate(() => window.crossOriginIsolated), true);
    // Images are prepared in a worker with its own module: both must come from the cache too.
    const prepared = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(40, 30);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#4a7';
      ctx.fillRect(0, 0, 40, 30);
      const file = new File([await canvas.convertToBlob({ type: 'image/png' })], 'offline.png', { type: 'image/png' });
      const id = globalThis.wlFiles.add(file, file.name);
      const prep = globalThis.wlPrepare;
      prep.start(1e6, id, JSON.stringify({ size: 64, resize: 0, stride: 32, pad: 114, mean: [0, 0, 0], std: [1, 1, 1] }));
      while (prep.poll(1e6) === 0) await new Promise((r) => setTimeout(r, 50));
      return { state: prep.poll(1e6), text: prep.text(1e6), floats: prep.tensorLength(1e6) };
    });
    assert.equal(prepared.state, 1, prepared.text);
    assert.equal(prepared.floats, 3 * 64 * 64);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    if (!serverClosed) server.close();
  }
});
