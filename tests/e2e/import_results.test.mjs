// File → Import MegaDetector results: MegaDetector's own output for its test images is listed
// with its boxes, the images' folder is added and matched to it (the file lists bare names,
// the folder adds its own), the viewer draws the imported boxes, and the export writes the
// imported results back unchanged. A file that is not MegaDetector results gets a clear message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, NO_WEBGPU_FLAGS, ROOT, clickWidget, launchBrowser, openApp, startServer } from './harness.mjs';

const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');
const MD_FILE = join(FIXTURES, 'annotations', 'megadetector_test__md_v5a_output.json');
const FOLDER = join(FIXTURES, 'images', 'megadetector_test');
const imported = JSON.parse(readFileSync(MD_FILE, 'utf8'));

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(NO_WEBGPU_FLAGS); });
after(async () => { await browser.close(); server.close(); });

test('import MegaDetector results, add their folder: boxes in the viewer, the export round-trips', async () => {
  const { page, errors } = await openApp(browser.context, server.url);

  // A COCO Camera Traps file is refused with a message that says what it is.
  await page.setInputFiles('#results-input', join(FIXTURES, 'annotations', 'speciesnet_test__instances.json'));
  await page.waitForFunction(() => /cannot be imported/.test(window.wildlife.ui.error));
  assert.match(await page.evaluate(() => window.wildlife.ui.error), /not MegaDetector results/);
  assert.equal(await page.evaluate(() => window.wildlife.ui.batch.total), 0);

  // The real menu item opens the file chooser.
  const chooser = page.waitForEvent('filechooser');
  await clickWidget(page, 'menu:File');
  await clickWidget(page, 'item:Import MegaDetector results…');
  await (await chooser).setFiles(MD_FILE);
  const n = imported.images.length;
  await page.waitForFunction((count) => window.wildlife.ui.batch.origin === 'import' && window.wildlife.ui.batch.total === count, n);
  let ui = await page.evaluate(() => window.wildlife.ui);
  assert.equal(ui.batch.done, n);
  assert.equal(ui.batch.withoutFile, n);
  assert.equal(ui.error, '');

  // The folder (as webkitdirectory gives it: "megadetector_test/<name>").
  const present = imported.images.filter((i) => existsSync(join(FOLDER, i.file)));
  assert.ok(present.length > 10);
  await page.setInputFiles('#folder-input', FOLDER);
  await page.waitForFunction((left) => window.wildlife.ui.batch.withoutFile === left, n - present.length, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.wildlife.ui.batch.total), n, 'files joined their results, none added');

  // The viewer draws the imported boxes on the image.
  const shown = imported.images.findIndex((i) => existsSync(join(FOLDER, i.file)) && i.detections.some((d) => d.conf >= 0.2));
  for (let i = 0; i <= shown; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.wildlife.ui.viewer.textureLoaded && window.wildlife.ui.viewer.visibleBoxes > 0);
  ui = await page.evaluate(() => window.wildlife.ui);
  assert.equal(ui.viewer.selected, shown);
  assert.equal(ui.viewer.visibleBoxes, imported.images[shown].detections.filter((d) => d.conf >= 0.2).length);
  await page.screenshot({ path: join(ARTIFACTS, 'imported.png') });

  // Full precision: every number back as it was read. The menu's export: MegaDetector rounding.
  const full = JSON.parse(await page.evaluate(() => window.wildlife.results('md', { fullPrecision: true, allCandidates: true })));
  assert.deepEqual(full.detection_categories, imported.detection_categories);
  assert.equal(full.info.detector, imported.info.detector);
  assert.deepEqual(full.images.map((i) => i.file), imported.images.map((i) => i.file));
  const strip = (img) => img.detections.map(({ category, conf, bbox }) => ({ category, conf, bbox }));
  full.images.forEach((img, k) => assert.deepEqual(strip(img), strip(imported.images[k]), img.file));
  const downloadPromise = page.waitForEvent('download');
  await clickWidget(page, 'menu:Export');
  await clickWidget(page, 'item:MegaDetector JSON (Timelapse)…');
  const exported = JSON.parse(readFileSync(await (await downloadPromise).path(), 'utf8'));
  assert.equal(exported.images.length, n);
  // The menu's export holds what the view shows: the detections at the threshold, which it names.
  const t = (await page.evaluate(() => window.wildlife.ui)).threshold;
  assert.ok(Math.abs(exported.info.export_thresholds.detection - t) < 1e-6);
  exported.images.forEach((img, k) => {
    const shown = imported.images[k].detections.filter((d) => d.conf >= t);
    assert.equal(img.detections.length, shown.length, img.file);
    img.detections.forEach((d, j) => assert.ok(Math.abs(d.conf - shown[j].conf) <= 5e-4 + 1e-9, img.file));
  });
  assert.deepEqual(errors, []);
});
