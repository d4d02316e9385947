// The gallery, the summary and human review in the real page, driven with real clicks and
// key presses: 12 fixture images (and one broken file) run with the yolov5n fixture model
// mapped to MegaDetector's categories. Checks: thumbnails with the right badges (published
// state and screenshot pixels), a filter changes what is shown, the summary agrees with the
// exported MD JSON, the threshold slider updates the summary without inference, reviewing
// (select a box, reject it, relabel another, undo, tag an empty image) changes the export,
// and the annotated image export. A second test scrolls a gallery of 10,000 images and
// reports frame times. Screenshots in build/e2e; UPDATE_DOCS=1 copies gallery.png,
// summary.png and viewer-large.png to docs/gallery.png, docs/summary.png and docs/viewer.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ARTIFACTS, NO_WEBGPU_FLAGS, ROOT, clickWidget, decodePng, launchBrowser, openApp, screenshotStats, serveFixtureModel, startServer } from './harness.mjs';

const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');
const manifest = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'));
const entry = manifest.models.find((m) => m.id === 'yolov5n-coco');  // COCO classes mapped to animal/person/vehicle
const MODEL_PATH = '/__fixture__/yolov5n-coco.onnx';
const IMAGES = [
  'speciesnet_test/african_elephants.jpg',
  'speciesnet_test/human.jpg',
  'speciesnet_test/domestic_dog.jpg',
  'speciesnet_test/blank.jpg',
  'speciesnet_test/american_black_bear.jpg',
  'ena24_via_zamba/8786.jpg',
  'camtrapR_sabah/StationA/PBE/StationA__2009-04-22__20-19-00(1).JPG',
  'camtrapR_sabah/StationB/PBE/StationB__2009-04-10__04-08-00(1).JPG',
  'camtrapR_sabah/StationC/TRA/StationC__2009-04-11__21-46-00(1).JPG',
  'snapshot_serengeti_gallery/S6_R13_R2_IMAG1533.JPG',
  'snapshot_serengeti_gallery/S5_G03_R1_IMAG1519.JPG',
  'snapshot_serengeti_gallery/S1_F10_R1_PICT0104.JPG',
];
const KINDS = { 1: 'animal', 2: 'person', 3: 'vehicle' };
const CHIP = { animal: [110, 220, 110], person: [255, 140, 80], vehicle: [90, 170, 255], empty: [120, 124, 132], failed: [220, 80, 70] };

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' }); });
after(async () => { await browser.close(); server.close(); });

// What the exported MD JSON says, counted the way the summary counts, at threshold t.
function countsFromMd(md, t) {
  const out = { images: md.images.length, failed: 0, empty: 0, withAnimal: 0, withPerson: 0, withVehicle: 0,
    detections: { animal: 0, person: 0, vehicle: 0 }, byImage: new Map() };
  for (const img of md.images) {
    if (img.failure) { out.failed++; out.byImage.set(basename(img.file), { failed: true }); continue; }
    const seen = { animal: 0, person: 0, vehicle: 0 };
    for (const d of img.detections) {
      if (d.conf < t && !d.reviewed) continue;
      const kind = KINDS[d.category];
      seen[kind]++;
      out.detections[kind]++;
    }
    const tag = img.label && img.label.source === 'human' ? img.label.name : null;
    if (seen.animal || tag === 'animal') out.withAnimal++;
    if (seen.person || tag === 'person') out.withPerson++;
    if (seen.vehicle || tag === 'vehicle') out.withVehicle++;
    const empty = !seen.animal && !seen.person && !seen.vehicle && !tag;
    if (empty) out.empty++;
    out.byImage.set(basename(img.file), { ...seen, empty });
  }
  return out;
}

function assertSummaryMatches(summary, expected, what) {
  for (const key of ['images', 'failed', 'empty', 'withAnimal', 'withPerson', 'withVehicle'])
    assert.equal(summary[key], expected[key], `${what}: summary.${key}`);
  for (const kind of ['animal', 'person', 'vehicle'])
    assert.equal(summary.detections[kind], expected.detections[kind], `${what}: detections.${kind}`);
}

const ui = (page) => page.evaluate(() => window.wildlife.ui);
const exportMd = (page) => page.evaluate(() => JSON.parse(window.wildlife.results('md', { allCandidates: true })));

// The pixel at framebuffer (x, y) of a decoded screenshot (the page runs at pixel ratio 1).
function pixel(png, x, y) {
  const i = (Math.round(y) * png.width + Math.round(x)) * png.channels;
  return [png.data[i], png.data[i + 1], png.data[i + 2]];
}
const near = (a, b, tol = 12) => a.every((v, i) => Math.abs(v - b[i]) <= tol);

// A point inside box `i` that lies in no smaller drawn box (the viewer selects the innermost).
function pointInBox(widgets, i) {
  const boxes = Object.entries(widgets).filter(([k]) => k.startsWith('box:')).map(([k, r]) => ({ i: Number(k.slice(4)), r }));
  const me = boxes.find((b) => b.i === i).r;
  const inside = (r, x, y) => x >= r[0] && x <= r[0] + r[2] && y >= r[1] && y <= r[1] + r[3];
  for (let fy = 0.1; fy < 1; fy += 0.1) {
    for (let fx = 0.1; fx < 1; fx += 0.1) {
      const x = me[0] + me[2] * fx, y = me[1] + me[3] * fy;
      if (!boxes.some((b) => b.i !== i && b.r[2] * b.r[3] < me[2] * me[3] && inside(b.r, x, y))) return [x, y];
    }
  }
  return null;
}

async function clickAt(page, [x, y]) {
  const ratio = await page.evaluate(() => window.wildlife.ui.pixelRatio || 1);
  await page.mouse.click(x / ratio, y / ratio);
}

// ImGui's tabs take a click only on a tab the mouse already hovered in the frame before (they
// allow overlap), so the pointer rests on the tab for a moment first, as a person's would.
async function clickTab(page, name) {
  const { r, ratio } = await page.evaluate((n) => ({ r: window.wildlife.ui.widgets[`tab:${n}`], ratio: window.wildlife.ui.pixelRatio || 1 }), name);
  await page.mouse.move((r[0] + r[2] / 2) / ratio, (r[1] + r[3] / 2) / ratio);
  await page.waitForTimeout(100);
  await page.mouse.down();
  await page.waitForTimeout(50);
  await page.mouse.up();
}

// ImGui 1.90.1's Emscripten backend listens for the wheel on the document and cancels it;
// Chrome treats document wheel listeners as passive and logs this for every wheel event.
const PASSIVE_WHEEL = /Unable to preventDefault inside passive event listener/;

async function downloadFromMenu(page, item, file) {
  const downloadPromise = page.waitForEvent('download');
  await clickWidget(page, 'menu:Export');
  await clickWidget(page, item);
  const download = await downloadPromise;
  const path = join(ARTIFACTS, file);
  await download.saveAs(path);
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

test('gallery, filters, summary and review with real clicks and keys change the export', async () => {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  await serveFixtureModel(page, MODEL_PATH);
  const { errors } = await openApp(browser.context, server.url);
  await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry }), { url: MODEL_PATH, entry });

  const broken = join(ARTIFACTS, 'broken.jpg');  // a "photo" that is not one: a failed image
  writeFileSync(broken, 'this is not a JPEG\n');
  const files = [...IMAGES.map((f) => join(FIXTURES, 'images', f)), broken];
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction((n) => window.wildlife.ui.batch.total === n, files.length);
  await clickWidget(page, 'button:Run detection');
  await page.evaluate(() => window.wildlife.waitUntilFinished(600000));
  const md = await exportMd(page);
  let state = await ui(page);
  const t0 = state.threshold;
  assert.equal(t0, 0.25, 'the model\'s typical threshold is the view\'s');

  // --- Gallery: every image as a thumbnail with its badges ---------------------------------
  assert.equal(state.leftTab, 'gallery');
  assert.equal(state.gallery.visible, files.length);
  // Every thumbnail on screen has loaded (the broken file has no preview).
  await page.waitForFunction(() => {
    const { thumbnails: t } = window.wildlife.ui.gallery;
    const drawn = Object.keys(window.wildlife.ui.widgets).filter((k) => k.startsWith('gallery:')).length;
    return drawn > 0 && t.loaded + t.failed === drawn && t.inFlight === 0;
  }, null, { timeout: 60000 });
  state = await ui(page);
  assert.ok(state.gallery.thumbnails.failed <= 1, 'only broken.jpg may lack a preview');
  await page.waitForTimeout(200);
  const galleryPng = await page.screenshot({ path: join(ARTIFACTS, 'gallery-badges.png') });
  const stats = screenshotStats(galleryPng);
  assert.ok(stats.colours > 500, `thumbnails give the screenshot many colours (${stats.colours})`);
  const shot = decodePng(galleryPng);
  const expected0 = countsFromMd(md, t0);
  const nameOf = (index) => basename(md.images[index].file);  // the export lists images in the batch's order
  for (const index of state.gallery.order) {
    const cell = state.widgets[`gallery:${index}`];
    if (!cell) continue;  // scrolled out of view
    const facts = expected0.byImage.get(nameOf(index));
    const badge = facts.failed ? 'failed' : facts.empty ? 'empty'
      : ['animal', 'person', 'vehicle'].find((k) => facts[k] > 0);
    const seen = pixel(shot, cell[0] + 5, cell[1] + 12);
    assert.ok(near(seen, CHIP[badge]), `${nameOf(index)}: badge ${badge} expected, pixel ${seen}`);
  }

  // --- A filter changes what is shown (real clicks on the filter bar) ----------------------
  await clickWidget(page, 'check:Animal');
  await page.waitForFunction((n) => window.wildlife.ui.gallery.visible === n, expected0.withAnimal);
  await clickWidget(page, 'check:Empty');
  await page.waitForFunction((n) => window.wildlife.ui.gallery.visible === n, expected0.withAnimal + expected0.empty);
  state = await ui(page);
  assert.deepEqual(state.gallery.filter.show, ['animal', 'empty']);
  for (const index of state.gallery.order) {
    const f = expected0.byImage.get(nameOf(index));
    assert.ok(f.animal > 0 || f.empty, `${nameOf(index)} should not pass the filter`);
  }
  await clickWidget(page, 'button:Reset filter');
  await page.waitForFunction((n) => window.wildlife.ui.gallery.visible === n, files.length);

  // --- Summary: its numbers are the exported MD JSON's ------------------------------------
  await clickTab(page, 'Summary');
  await page.waitForFunction(() => window.wildlife.ui.leftTab === 'summary');
  state = await ui(page);
  assertSummaryMatches(state.summary, expected0, `at ${t0}`);
  assert.ok(state.summary.imagesWithTime >= 3, 'the camtrapR files carry EXIF capture times');
  assert.equal(state.summary.detectionsByHour.reduce((a, b) => a + b, 0) > 0, true);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(ARTIFACTS, 'summary-before-review.png') });

  // The threshold slider updates the summary, with no inference.
  await page.evaluate(() => {
    window.__runs = 0;
    const run = globalThis.wlOrt.run.bind(globalThis.wlOrt);
    globalThis.wlOrt.run = (...args) => { window.__runs++; return run(...args); };
  });
  const slider = state.widgets['button:Confidence threshold'];
  await clickAt(page, [slider[0] + slider[2] * 0.06, slider[1] + slider[3] / 2]);
  await page.waitForFunction((t) => window.wildlife.ui.summary.threshold < t - 0.05, t0);
  state = await ui(page);
  const t1 = state.summary.threshold;
  assertSummaryMatches(state.summary, countsFromMd(md, t1), `at ${t1}`);
  assert.ok(state.summary.detections.animal > expected0.detections.animal, 'a lower threshold shows more');
  assert.equal(await page.evaluate(() => window.__runs), 0, 'no inference for a threshold change');
  console.log(`# summary at ${t0}: ${JSON.stringify(expected0.detections)}; at ${t1.toFixed(3)}: ${JSON.stringify(state.summary.detections)}`);
  await page.evaluate(() => window.wildlife.setThreshold(0.25));

  // --- Review with real clicks and keys ----------------------------------------------------
  await page.keyboard.press('g');
  await page.waitForFunction(() => window.wildlife.ui.leftTab === 'gallery');
  const elephants = md.images.findIndex((i) => basename(i.file) === 'african_elephants.jpg');
  await clickWidget(page, `gallery:${elephants}`);
  await page.waitForFunction((i) => window.wildlife.ui.viewer.selected === i && window.wildlife.ui.viewer.textureLoaded &&
    window.wildlife.ui.viewer.visibleBoxes >= 4, elephants);
  state = await ui(page);
  assert.equal(state.viewer.selectedDetection, -1);
  const before = md.images.find((i) => basename(i.file) === 'african_elephants.jpg').detections;
  // Reject the most confident box: click it, press X.
  const shown = Object.keys(state.widgets).filter((k) => k.startsWith('box:')).map((k) => Number(k.slice(4)));
  const target = shown.reduce((best, i) => (before[i].conf > before[best].conf ? i : best), shown[0]);
  const point = pointInBox(state.widgets, target);
  assert.ok(point, 'the box has a point of its own');
  await clickAt(page, point);
  await page.waitForFunction((i) => window.wildlife.ui.viewer.selectedDetection === i, target);
  await page.keyboard.press('x');
  await page.waitForFunction(() => window.wildlife.ui.summary.correctedImages === 1);
  // Tab to the next box and relabel it as a person (2).
  await page.keyboard.press('Tab');
  await page.waitForFunction((i) => window.wildlife.ui.viewer.selectedDetection >= 0 &&
    window.wildlife.ui.viewer.selectedDetection !== i, target);
  const relabelled = (await ui(page)).viewer.selectedDetection;
  await page.keyboard.press('2');
  await page.waitForFunction(() => window.wildlife.ui.summary.withPerson > 0 && window.wildlife.ui.review.undoable === 2);
  // Undo takes the relabel back; pressing 2 again redoes it.
  const same = (a, b) => a.bbox.every((v, k) => Math.abs(v - b.bbox[k]) < 1e-9);
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => window.wildlife.ui.review.undoable === 1);
  let after = (await exportMd(page)).images.find((i) => basename(i.file) === 'african_elephants.jpg').detections;
  const undone = after.find((d) => same(d, before[relabelled]));
  assert.equal(undone.category, before[relabelled].category, 'the relabel was undone');
  assert.equal(undone.reviewed, undefined);
  await page.keyboard.press('2');
  await page.waitForFunction(() => window.wildlife.ui.review.undoable === 2);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, 'review.png') });

  // Tag an image with no boxes: blank.jpg shows an animal after all (key 1).
  const blank = md.images.findIndex((i) => basename(i.file) === 'blank.jpg');
  const blankFacts = expected0.byImage.get('blank.jpg');
  if (blankFacts.empty) {
    await clickWidget(page, `gallery:${blank}`);
    await page.waitForFunction((i) => window.wildlife.ui.viewer.selected === i && window.wildlife.ui.viewer.visibleBoxes === 0, blank);
    await page.waitForTimeout(100);  // the viewer has drawn the image once, so it knows it shows no box
    await page.keyboard.press('1');
    await page.waitForFunction(() => window.wildlife.ui.review.undoable === 3);
  }

  // The export, downloaded from the menu, carries all of it. "All candidates": the boxes below
  // the threshold too, so the export lines up with the list taken before the review.
  await clickWidget(page, 'menu:Export');
  await clickWidget(page, 'item:All candidates');
  const { bytes } = await downloadFromMenu(page, 'item:MegaDetector JSON (Timelapse)…', 'reviewed_results.json');
  const reviewed = JSON.parse(bytes.toString('utf8'));
  after = reviewed.images.find((i) => basename(i.file) === 'african_elephants.jpg').detections;
  assert.equal(after.length, before.length - 1, 'the rejected box is gone');
  assert.ok(!after.some((d) => same(d, before[target])), 'the rejected box is not exported');
  const changed = after.find((d) => same(d, before[relabelled]));
  assert.equal(changed.category, '2');
  assert.equal(changed.reviewed, 'changed');
  assert.equal(changed.original_category, before[relabelled].category);
  if (blankFacts.empty) {
    const tagged = reviewed.images.find((i) => basename(i.file) === 'blank.jpg');
    assert.deepEqual(tagged.label, { name: 'animal', source: 'human' });
  }
  state = await ui(page);
  assertSummaryMatches(state.summary, countsFromMd(reviewed, 0.25), 'after review');
  assert.equal(state.summary.correctedImages, blankFacts.empty ? 2 : 1);

  // The gallery marks and finds corrected images.
  await page.evaluate(() => window.wildlife.setGalleryFilter({ review: 'corrected' }));
  await page.waitForFunction((n) => window.wildlife.ui.gallery.visible === n, state.summary.correctedImages);
  await page.evaluate(() => window.wildlife.setGalleryFilter({ review: 'any' }));

  // The viewer large (Enter), the relabelled box selected, for the docs; Esc twice: no box
  // selected, then back to the gallery.
  await clickWidget(page, `gallery:${elephants}`);
  await page.waitForFunction((i) => window.wildlife.ui.viewer.selected === i && window.wildlife.ui.viewer.textureLoaded, elephants);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.wildlife.ui.viewer.large === true && !window.wildlife.ui.widgets['tab:Gallery']);
  await page.waitForTimeout(100);
  await clickAt(page, pointInBox((await ui(page)).widgets, relabelled));
  await page.waitForFunction((i) => window.wildlife.ui.viewer.selectedDetection === i, relabelled);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, 'viewer-large.png') });
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => window.wildlife.ui.viewer.selectedDetection === -1 && window.wildlife.ui.viewer.large === true);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => window.wildlife.ui.viewer.large === false);

  // Export → Annotated image: a JPEG of the full-size photo with the boxes drawn in.
  const annotated = await downloadFromMenu(page, 'item:Annotated image (this image)…', 'african_elephants_annotated.jpg');
  assert.equal(annotated.name, 'african_elephants_annotated.jpg');
  const jpeg = annotated.bytes;
  assert.equal(jpeg.readUInt16BE(0), 0xffd8, 'a JPEG');
  let off = 2, size = null;
  while (off < jpeg.length && !size) {  // the frame header (SOF0) holds the size
    const marker = jpeg.readUInt16BE(off), len = jpeg.readUInt16BE(off + 2);
    if (marker === 0xffc0) size = [jpeg.readUInt16BE(off + 7), jpeg.readUInt16BE(off + 5)];
    off += 2 + len;
  }
  assert.deepEqual(size, [2048, 1536]);

  // A camtrapR photo shows its capture time and camera in the viewer.
  const timed = md.images.findIndex((i) => i.file.includes('20-19-00'));
  await clickWidget(page, `gallery:${timed}`);
  await page.waitForFunction((i) => window.wildlife.ui.viewer.selected === i, timed);
  state = await ui(page);
  assert.match(state.viewer.exif.datetime, /^2009-04-22T20:19/);

  // Pictures for the docs: the gallery and the summary after the review, the elephants in view.
  await clickWidget(page, `gallery:${elephants}`);
  await page.waitForFunction((i) => window.wildlife.ui.viewer.selected === i && window.wildlife.ui.viewer.textureLoaded, elephants);
  await page.mouse.move(900, 700);  // no tooltip over the gallery
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, 'gallery.png') });
  await page.keyboard.press('s');
  await page.waitForFunction(() => window.wildlife.ui.leftTab === 'summary');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(ARTIFACTS, 'summary.png') });
  await page.keyboard.press('t');  // the list shows the review marks too
  await page.waitForFunction(() => window.wildlife.ui.leftTab === 'list');
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(ARTIFACTS, 'list.png') });
  if (process.env.UPDATE_DOCS === '1') {
    copyFileSync(join(ARTIFACTS, 'gallery.png'), join(ROOT, 'docs', 'gallery.png'));
    copyFileSync(join(ARTIFACTS, 'summary.png'), join(ROOT, 'docs', 'summary.png'));
    copyFileSync(join(ARTIFACTS, 'viewer-large.png'), join(ROOT, 'docs', 'viewer.png'));
  }
  assert.deepEqual(errors, []);
});

test('a gallery of 10,000 images scrolls with bounded thumbnail work (frame times printed)', async () => {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  const { errors } = await openApp(browser.context, server.url);
  const jpeg = readFileSync(join(FIXTURES, 'images', 'snapshot_serengeti_gallery', 'S1_F10_R1_PICT0104.JPG'));
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const list = [];
    for (let i = 0; i < 10000; i++) list.push(new File([bytes], `site${i % 50}/IMG_${String(i).padStart(5, '0')}.jpg`, { type: 'image/jpeg' }));
    window.wildlife.addFiles(list);
  }, jpeg.toString('base64'));
  await page.waitForFunction(() => window.wildlife.ui.gallery && window.wildlife.ui.gallery.visible === 10000, null, { timeout: 60000 });
  const grid = await page.evaluate(() => window.wildlife.ui.widgets['gallery:0']);
  const ratio = await page.evaluate(() => window.wildlife.ui.pixelRatio || 1);
  await page.mouse.move((grid[0] + grid[2]) / ratio, (grid[1] + grid[3]) / ratio);
  const idle = await page.evaluate(() => new Promise((resolve) => {  // the machine's frame time at rest
    const times = [];
    let last = performance.now();
    const tick = (t) => { times.push(t - last); last = t; if (times.length < 60) requestAnimationFrame(tick); else resolve(times); };
    requestAnimationFrame(tick);
  }));
  const idleMedian = [...idle].sort((a, b) => a - b)[30];
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  let maxInFlight = 0;
  for (let i = 0; i < 60; i++) {  // about 3 s of steady wheel scrolling, then a pause
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(50);
    maxInFlight = Math.max(maxInFlight, (await ui(page)).gallery.thumbnails.inFlight);
  }
  await page.waitForTimeout(1500);
  const frames = await page.evaluate(() => { window.__stop = true; return window.__frames; });
  const state = await ui(page);
  const sorted = [...frames].sort((a, b) => a - b);
  const p50 = sorted[Math.floor(sorted.length * 0.5)], p95 = sorted[Math.floor(sorted.length * 0.95)];
  const t = state.gallery.thumbnails;
  console.log(`# 10,000-image gallery at rest: median frame ${idleMedian.toFixed(1)} ms`);
  console.log(`# 10,000-image gallery scroll: ${frames.length} frames, median ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, ` +
    `max ${sorted.at(-1).toFixed(1)} ms; thumbnails loaded ${t.loaded}, requested ${t.requested}, cancelled ${t.cancelled}, ` +
    `released ${t.released}, most in flight ${maxInFlight}`);
  const drawnCells = Object.keys(state.widgets).filter((k) => k.startsWith('gallery:'));
  assert.ok(drawnCells.length > 0 && drawnCells.length < 200, `only the rows on screen are drawn (${drawnCells.length})`);
  assert.ok(!drawnCells.includes('gallery:0'), 'the grid scrolled');
  assert.ok(maxInFlight <= 4, 'a few thumbnail decodes at a time');
  assert.ok(t.requested < 2000, 'thumbnails of rows scrolled past were not all decoded');
  assert.ok(t.loaded <= 240, 'the cache is bounded');
  assert.deepEqual(errors.filter((e) => !PASSIVE_WHEEL.test(e)), []);
});
