// The app shell in a real browser: loads cleanly, renders its UI, reacts to the mouse and
// keyboard, follows HiDPI, and reports the inference backends this browser offers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, NO_WEBGPU_FLAGS, ROOT, WEBGPU_FLAGS, clickWidget, launchBrowser, openApp, screenshotStats, startServer } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(() => server.close());

test('the page loads with no console errors and the ImGui UI renders', async () => {
  const browser = await launchBrowser(WEBGPU_FLAGS);
  try {
    const { page, errors } = await openApp(browser.context, server.url);
    await page.waitForTimeout(500);
    const png = await page.screenshot({ path: join(ARTIFACTS, 'app-shell.png') });
    const stats = screenshotStats(png);
    assert.ok(stats.differingFraction > 0.02, `canvas looks blank (${JSON.stringify(stats)})`);
    assert.ok(stats.colours > 20, `too few colours for text and controls (${JSON.stringify(stats)})`);
    const ui = await page.evaluate(() => window.wildlife.ui);
    assert.match(ui.statusText, /Backend: /);
    assert.match(ui.statusText, /Images stay on this device/);
    assert.deepEqual(errors, []);
    if (process.env.UPDATE_DOCS === '1') copyFileSync(join(ARTIFACTS, 'app-shell.png'), join(ROOT, 'docs', 'app-shell.png'));
  } finally { await browser.close(); }
});

test('WebGPU is reported available with the SwiftShader flags', async () => {
  const browser = await launchBrowser(WEBGPU_FLAGS);
  try {
    const { page } = await openApp(browser.context, server.url);
    const env = await page.evaluate(() => window.wildlife.environment);
    assert.equal(env.webgpu, true, `WebGPU not available: ${env.webgpuReason}`);
    const ui = await page.evaluate(() => window.wildlife.ui);
    assert.match(ui.statusText, /^Backend: WebGPU /);
    assert.match(ui.statusText, /WebGPU: (?!not available)/);
  } finally { await browser.close(); }
});

test('the WASM fallback is reported when WebGPU is disabled', async () => {
  const browser = await launchBrowser(NO_WEBGPU_FLAGS);
  try {
    const { page, errors } = await openApp(browser.context, server.url);
    const env = await page.evaluate(() => window.wildlife.environment);
    assert.equal(env.webgpu, false);
    assert.equal(env.crossOriginIsolated, true, 'the server sends COOP/COEP, so threads must be on');
    const ui = await page.evaluate(() => window.wildlife.ui);
    assert.match(ui.statusText, /^Backend: WASM \(threads\)/);
    assert.match(ui.statusText, /WebGPU: not available/);
    await page.screenshot({ path: join(ARTIFACTS, 'app-shell-no-webgpu.png') });
    assert.deepEqual(errors, []);
  } finally { await browser.close(); }
});

test('menus and keyboard shortcuts open the About and backends panels', async () => {
  const browser = await launchBrowser(WEBGPU_FLAGS);
  try {
    const { page } = await openApp(browser.context, server.url);
    const panels = () => page.evaluate(() => window.wildlife.ui.openPanels);
    await clickWidget(page, 'menu:Help');
    await clickWidget(page, 'item:About CamTrap Studio');
    await page.waitForFunction(() => window.wildlife.ui.openPanels.about === true, null, { timeout: 5000 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: join(ARTIFACTS, 'about.png') });
    await page.keyboard.press('F1');
    await page.waitForFunction(() => window.wildlife.ui.openPanels.about === false, null, { timeout: 5000 });
    await page.keyboard.press('Control+b');
    await page.waitForFunction(() => window.wildlife.ui.openPanels.backends === true, null, { timeout: 5000 });
    assert.equal((await panels()).about, false);
  } finally { await browser.close(); }
});

// The app draws only frames that differ (src/app/redraw_gate.h): at rest almost every frame is
// left as it was, and what the user does still shows at once.
test('an idle UI is not redrawn, and a hover or a click redraws it', async () => {
  const browser = await launchBrowser(NO_WEBGPU_FLAGS);
  try {
    const { page, errors } = await openApp(browser.context, server.url);
    await page.mouse.move(5, 700);  // somewhere with nothing to hover
    await page.waitForTimeout(500);
    const stats = () => page.evaluate(() => window.wildlife.frameStats());
    const a = await stats();
    await page.waitForTimeout(2000);
    const b = await stats();
    const drawn = b.drawn - a.drawn, skipped = b.skipped - a.skipped;
    console.log(`# idle for 2 s: ${drawn} frames drawn, ${skipped} left as they were`);
    assert.ok(skipped > 10, `frames skipped while idle: ${skipped}`);
    assert.ok(drawn <= 6, `frames drawn while idle: ${drawn} (at most one per 500 ms is the safety net)`);

    // Hovering the Help menu highlights it: that frame must be drawn, and the screen must show it.
    const before = await page.screenshot();
    const { r, ratio } = await page.evaluate(() => ({ r: window.wildlife.ui.widgets['menu:Help'], ratio: window.wildlife.ui.pixelRatio || 1 }));
    const c = await stats();
    await page.mouse.move((r[0] + r[2] / 2) / ratio, (r[1] + r[3] / 2) / ratio);
    await page.waitForTimeout(300);
    const d = await stats();
    assert.ok(d.drawn > c.drawn, 'the hover was drawn');
    await clickWidget(page, 'menu:Help');
    await page.waitForTimeout(300);
    const after = await page.screenshot({ path: join(ARTIFACTS, 'redraw-menu-open.png') });
    assert.ok(!after.equals(before), 'the open menu is on screen');
    assert.deepEqual(errors, []);
  } finally { await browser.close(); }
});

test('HiDPI: the canvas renders at device pixels and follows resizes', async () => {
  const browser = await launchBrowser(WEBGPU_FLAGS);
  try {
    const page = await browser.context.newPage();
    await page.close();
    const context2x = await browser.context.browser()?.newContext?.({ deviceScaleFactor: 2 });
    const target = context2x ? await context2x.newPage() : browser.context.pages()[0];
    await target.setViewportSize({ width: 900, height: 600 });
    await target.goto(server.url);
    await target.evaluate(() => 0);
    await target.waitForFunction(() => window.wildlife && window.wildlife.ready, null, { timeout: 60000 });
    // Emulated zoom: deviceScaleFactor cannot change on a persistent context, so scale via CDP.
    const cdp = await browser.context.newCDPSession(target);
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 900, height: 600, deviceScaleFactor: 2, mobile: false });
    await target.waitForFunction(() => window.wildlife.ui.pixelRatio === 2, null, { timeout: 10000 });
    let ui = await target.evaluate(() => window.wildlife.ui);
    assert.deepEqual(ui.framebuffer, [1800, 1200]);
    await target.screenshot({ path: join(ARTIFACTS, 'app-shell-200.png') });
    await cdp.send('Emulation.setDeviceMetricsOverride', { width: 700, height: 500, deviceScaleFactor: 1, mobile: false });
    await target.waitForFunction(() => window.wildlife.ui.pixelRatio === 1 && window.wildlife.ui.framebuffer[0] === 700, null, { timeout: 10000 });
    ui = await target.evaluate(() => window.wildlife.ui);
    assert.deepEqual(ui.framebuffer, [700, 500]);
    writeFileSync(join(ARTIFACTS, 'hidpi.json'), JSON.stringify(ui));
  } finally { await browser.close(); }
});
