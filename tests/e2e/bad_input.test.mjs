// The bad-input corpus mixed into a real batch: empty, truncated, corrupt, mislabelled, huge
// and unsupported files among good camera-trap images. Every good image must be processed
// (and still match the reference), every bad one listed with a reason a person can act on,
// non-images skipped and counted (a camera-trap clip is not one of them: it is analysed), and
// the batch must run to the end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { ARTIFACTS, NO_WEBGPU_FLAGS, ROOT, launchBrowser, openApp, serveFixtureModel, startServer } from './harness.mjs';
import { compareImage, newParityStats } from '../support/parity.mjs';

const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');
const reference = JSON.parse(readFileSync(join(FIXTURES, 'reference', 'yolov5n', 'all.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'));
const entry = manifest.models.find((m) => m.id === 'yolov5n-coco-raw');
const MODEL_PATH = '/__fixture__/yolov5n-coco.onnx';

const GOOD = ['african_elephants.jpg', 'human.jpg', 'vehicle.jpg', 'ena24_7904.jpg', 'S1_F10_R1_PICT0104.JPG'];

function pngHeader(width, height) {
  const chunk = (type, body) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(body.length);
    return Buffer.concat([len, Buffer.from(type, 'ascii'), body, Buffer.alloc(4)]);  // CRC unchecked by decoders that stop at the size
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

// name -> [bytes, the reason the app must give]
function badCorpus(goodJpeg) {
  const corrupt = Buffer.from(goodJpeg);
  // Damage the frame header (SOF0/SOF2): the picture's size becomes 0 x 0, as a bad card sector may leave it.
  // Walk the segments (an EXIF thumbnail has frame headers of its own, inside APP1).
  let sof = 2;
  while (sof < corrupt.length && !(corrupt[sof + 1] === 0xc0 || corrupt[sof + 1] === 0xc2)) sof += 2 + corrupt.readUInt16BE(sof + 2);
  assert.ok(sof < corrupt.length && corrupt[sof] === 0xff, 'the fixture JPEG has a frame header');
  corrupt.fill(0, sof + 5, sof + 9);
  return {
    'empty.jpg': [Buffer.alloc(0), /empty/i],
    'notes-renamed.jpg': [Buffer.from('Camera 7 was moved on 3 May.\nBattery replaced.\n'), /text file/i],
    'page.jpg': [Buffer.from('<!DOCTYPE html><html><body>404 Not Found</body></html>'), /HTML/i],
    'report.png': [Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), /PDF/i],
    'header-only.jpg': [goodJpeg.subarray(0, 300), /header is incomplete|cut short/i],
    'scrambled.jpg': [corrupt, /impossible size|corrupt|damaged/i],
    'huge.png': [pngHeader(40000, 40000), /MP.*limit|too large/i],
    'animation.webp': [Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 '), Buffer.alloc(32)]), /WebP/i],
    'random.jpg': [Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919 + 13) % 251)), /not in an image format we know/i],
  };
}

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' }); });
after(async () => { await browser.close(); server.close(); });

test('bad files in a batch are listed with their reasons; every good image is still processed', async () => {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  await serveFixtureModel(page, MODEL_PATH);
  const { errors } = await openApp(browser.context, server.url);
  await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry }), { url: MODEL_PATH, entry });

  const refByName = new Map(reference.images.map((r) => [basename(r.file), r]));
  const goodFiles = GOOD.map((n) => {
    const ref = refByName.get(n);
    assert.ok(ref, `${n} is a reference image`);
    return { name: n, mimeType: 'image/jpeg', buffer: readFileSync(join(FIXTURES, 'images', ref.file)) };
  });
  const truncatedRef = reference.images.find((r) => r.status !== 'ok');
  const truncated = { name: basename(truncatedRef.file), mimeType: 'image/jpeg', buffer: readFileSync(join(FIXTURES, 'images', truncatedRef.file)) };
  // A JPEG with a .png name: the content decides, not the extension.
  const misnamed = { name: 'human_copy.png', mimeType: 'image/png', buffer: goodFiles[1].buffer };
  const bad = badCorpus(goodFiles[0].buffer);
  const badFiles = Object.entries(bad).map(([name, [buffer]]) => ({ name, mimeType: 'application/octet-stream', buffer }));
  const nonImages = [
    { name: 'field-notes.txt', mimeType: 'text/plain', buffer: Buffer.from('deployment notes') },
    { name: 'labels.csv', mimeType: 'text/csv', buffer: Buffer.from('file,species\n') },
  ];
  // A camera-trap clip is not skipped: its frames are analysed like images (video.test.mjs).
  const clip = { name: 'clip.mp4', mimeType: 'video/mp4', buffer: readFileSync(join(FIXTURES, 'videos', 'camtrapR', '20251112_100312.mp4')) };
  // Bad files first and in between, so a failure early in the batch cannot stop what follows.
  const all = [badFiles[0], goodFiles[0], badFiles[1], badFiles[2], goodFiles[1], ...badFiles.slice(3, 6), truncated,
    goodFiles[2], misnamed, ...badFiles.slice(6), goodFiles[3], nonImages[0], goodFiles[4], nonImages[1], clip];
  const imageCount = all.length - nonImages.length;
  await page.setInputFiles('#file-input', all);
  await page.waitForFunction((n) => window.wildlife.ui.batch && window.wildlife.ui.batch.total === n, imageCount);

  await page.evaluate(() => window.wildlife.start());
  await page.evaluate(() => window.wildlife.waitUntilFinished(600000));
  const progress = await page.evaluate(() => window.wildlife.progress());
  assert.equal(progress.done, imageCount, 'every image, good or bad, has an outcome');
  assert.equal(progress.skippedNonImages, nonImages.length, 'non-images are skipped and counted');
  await page.screenshot({ path: join(ARTIFACTS, 'bad-input.png') });

  const results = JSON.parse(await page.evaluate(() => window.wildlife.results('md', { allCandidates: true })));
  const byName = new Map(results.images.map((i) => [basename(i.file), i]));
  for (const i of results.images) console.log(`# ${basename(i.file)}: ${i.failure ? `failed: ${i.failure}` : `${i.detections.length} detections`}${i.warning ? ` (${i.warning})` : ''}`);
  for (const [name, [, reason]] of Object.entries(bad)) {
    const img = byName.get(name);
    assert.ok(img, `${name} is listed in the results`);
    assert.ok(img.failure, `${name} is marked as failed`);
    assert.match(img.failure, reason, `${name}: "${img.failure}"`);
  }
  assert.equal(progress.failed, badFiles.length, 'exactly the bad files failed');
  const c = byName.get('clip.mp4');
  assert.ok(c && !c.failure && c.frame_rate > 0 && c.frames_processed.length > 0, `the clip was analysed: ${c && c.failure}`);
  const t = byName.get(truncated.name);
  assert.equal(t.failure, undefined, 'a truncated JPEG is decoded as far as it goes, as MegaDetector does');
  assert.match(t.warning ?? '', /cut short|truncat/i);

  const stats = newParityStats();
  for (const g of [...GOOD, 'human_copy.png']) {
    const mine = byName.get(g);
    assert.ok(mine && !mine.failure, `${g} was processed: ${mine && mine.failure}`);
    compareImage(refByName.get(g === 'human_copy.png' ? 'human.jpg' : g), mine, stats);
  }
  console.log(`# good images: ${stats.matched}/${stats.reference} reference detections matched, ${stats.missing.length} missing, ${stats.extra.length} extra`);
  assert.equal(stats.missing.length, 0, stats.missing.join('; '));
  assert.equal(stats.extra.length, 0, stats.extra.join('; '));

  // The CSV carries the same failures, for people who never open the JSON.
  const csv = await page.evaluate(() => window.wildlife.results('csv'));
  for (const name of Object.keys(bad)) assert.ok(csv.includes(name), `${name} is in the CSV`);
  assert.deepEqual(errors, []);
});
