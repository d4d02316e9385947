// A batch keeps going behind another tab. Browsers stop requestAnimationFrame for a hidden
// page, which is where the app steps its batch when drawn; web/js/background.js steps it from a
// worker's clock instead. The test runs one batch of the same photo under 60 names, measures
// the images finished per second with the page in front, then opens a second tab in front of
// it (the page's document.visibilityState is checked to be "hidden", so the test cannot pass
// without hiding it) and measures again: the rate behind the tab must be comparable (at least
// half). Then the page is brought back and must draw again, and the batch finishes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACTS, FIXTURES, NO_WEBGPU_FLAGS, ROOT, clickWidget, launchPlainBrowser, openApp, startServer } from './harness.mjs';

const manifest = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'));
const entry = manifest.models.find((m) => m.id === 'yolov5n-coco-raw');
// Given as bytes: this browser runs the page's service worker, whose fetches bypass routes.
const MODEL = readFileSync(join(FIXTURES, 'models', 'yolov5n-coco.onnx')).toString('base64');
// One real camera-trap photo; the same bytes under every name keep the per-image work equal.
const PHOTO = join(FIXTURES, 'images', 'snapshot_serengeti_burst', 'S1_D04_R6_PICT0020.JPG');
const COUNT = 60;

let server, browser;
before(async () => { server = await startServer(); browser = await launchPlainBrowser(NO_WEBGPU_FLAGS); });
after(async () => { await browser.close(); server.close(); });

const done = (page) => page.evaluate(() => window.wildlife.ui.batch.done);

// Seconds for `n` more images to finish, from whenever it is called.
async function secondsFor(page, n, timeoutMs = 300000) {
  const from = await done(page);
  const t0 = performance.now();
  await page.waitForFunction((target) => window.wildlife.ui.batch.done >= target, from + n, { timeout: timeoutMs, polling: 100 });
  return (performance.now() - t0) / 1000;
}

test('a batch keeps going at a comparable rate behind another tab, and the page draws again when shown', async () => {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  const { errors } = await openApp(browser.context, server.url);
  await page.evaluate(({ b64, entry }) => window.wildlife.loadModel({
    bytes: Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), entry, fileName: 'yolov5n-coco.onnx' }), { b64: MODEL, entry });
  const dir = mkdtempSync(join(tmpdir(), 'camtrap-background-'));
  const files = Array.from({ length: COUNT }, (_, i) => join(dir, `photo${String(i).padStart(3, '0')}.jpg`));
  for (const f of files) symlinkSync(PHOTO, f);
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction((n) => window.wildlife.ui.batch.total === n, COUNT);

  await clickWidget(page, 'button:Run detection');
  await page.waitForFunction(() => window.wildlife.ui.batch.done >= 4, null, { timeout: 120000 });
  const inFront = await page.evaluate(() => window.wildlife.background());
  const frontS = await secondsFor(page, 12);
  const frontRate = 12 / frontS;

  // Another tab in front: this page is hidden, and its frame loop stops.
  const other = await browser.context.newPage();
  await other.goto('about:blank');
  await other.bringToFront();
  await page.waitForFunction(() => document.visibilityState === 'hidden', null, { timeout: 10000 });
  const frames0 = await page.evaluate(() => window.wildlife.frameStats());
  const behindS = await secondsFor(page, 16);
  const behindRate = 16 / behindS;
  const behind = await page.evaluate(() => ({ visibility: document.visibilityState, ...window.wildlife.background() }));
  const frames1 = await page.evaluate(() => window.wildlife.frameStats());
  console.log(`# in front: ${frontRate.toFixed(2)} images/s; behind another tab: ${behindRate.toFixed(2)} images/s ` +
    `(${(behindRate / frontRate).toFixed(2)}x); background steps ${behind.hiddenSteps}, frames drawn meanwhile ` +
    `${frames1.drawn - frames0.drawn}; wake lock in front: ${inFront.wakeLock}`);
  assert.equal(behind.visibility, 'hidden');
  assert.ok(behind.ticking && behind.hiddenSteps > 0, 'the worker clock stepped the app while hidden');
  assert.ok(behindRate >= 0.5 * frontRate, `behind the tab ${behindRate.toFixed(2)} images/s vs ${frontRate.toFixed(2)} in front`);
  // While the batch runs in front, the page asks for a screen wake lock (held, or refused by
  // this headless browser: never simply not asked for).
  assert.notEqual(inFront.wakeLock, 'released');

  // Back in front: drawing resumes and the worker clock stops.
  await page.bringToFront();
  await page.waitForFunction(() => document.visibilityState === 'visible', null, { timeout: 10000 });
  const shown0 = await page.evaluate(() => window.wildlife.frameStats());
  await page.waitForFunction((n) => window.wildlife.frameStats().drawn + window.wildlife.frameStats().skipped > n + 5,
    shown0.drawn + shown0.skipped, { timeout: 10000 });
  assert.equal((await page.evaluate(() => window.wildlife.background())).ticking, false);
  await page.evaluate(() => window.wildlife.waitUntilFinished(600000));
  const p = await page.evaluate(() => window.wildlife.progress());
  assert.equal(p.done, COUNT);
  assert.equal(p.failed, 0);
  // The work is over: the wake lock is given back.
  await page.waitForFunction(() => !window.wildlife.background().working, null, { timeout: 10000 });
  const end = await page.evaluate(() => window.wildlife.background());
  assert.ok(!end.wakeLock.startsWith('held'), `wake lock after the batch: ${end.wakeLock}`);
  await page.screenshot({ path: join(ARTIFACTS, 'background-tab-finished.png') });
  await other.close();
  rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(errors, []);
});
