// Video in the real page, with real clicks and keys: camera-trap clips (MP4, AVI, ASF
// msmpeg4v3, down to 1 fps) and images in one batch, plus bad clips made here (zero-length,
// truncated, sound only, a text file named .avi).
//   - the sampling is set in Model → Video frames (a frame every 2 s, typed into the field);
//   - "Run detection" is clicked; every clip and image finishes, each bad clip with its reason;
//   - the MD JSON follows the MegaDetector video convention (one entry per clip, frame_rate
//     equal to Debian ffprobe's, frames_processed as sampled, a frame_number on every box) and
//     passes the rules of MegaDetector's validator; the CSV names each box's frame;
//   - a clip is opened from the gallery, a marked frame clicked on its timeline: that frame's
//     boxes are drawn; ] and , step through frames; a box is accepted (Tab, A) and the export
//     says so.
// Screenshots in build/e2e/video-*.png; UPDATE_DOCS=1 copies the viewer to docs/video.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ARTIFACTS, FIXTURES, NO_WEBGPU_FLAGS, ROOT, clickWidget, launchBrowser, openApp, serveFixtureModel, startServer } from './harness.mjs';
import { validateMdResults } from '../support/md-validate.mjs';

const manifest = JSON.parse(readFileSync(join(ROOT, 'tests', 'models', 'fixtures.json'), 'utf8'));
const entry = manifest.models.find((m) => m.id === 'yolov5n-coco-raw');
const MODEL_PATH = '/__fixture__/yolov5n-coco.onnx';
const CLIPS = ['camtrapR/20251112_100312.mp4', 'zamba_fixtures/densepose_chimp_320x180.mp4',
  'zamba_fixtures/chimpandsee_PICT0074_msmpeg4v3.ASF', 'zamba_fixtures/chimpandsee_PICT0146_106x60_1fps.AVI'];
const IMAGES = ['speciesnet_test/african_elephants.jpg', 'speciesnet_test/human.jpg'];
const EVERY_SECONDS = 2;

// What Debian's ffprobe says of a clip: the oracle for the frame rate and the frame count.
function ffprobe(path) {
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-of', 'json',
    '-show_entries', 'stream=avg_frame_rate,r_frame_rate,nb_frames,duration', path], { encoding: 'utf8' }));
  const s = out.streams[0];
  const rate = (t) => { const [a, b] = t.split('/').map(Number); return b ? a / b : a; };
  const fps = rate(s.avg_frame_rate) || rate(s.r_frame_rate);
  const frames = Number(s.nb_frames) || Math.round(Number(s.duration) * fps);
  return { fps, frames };
}

// The frames a clip must have analysed: one every EVERY_SECONDS s from frame 0.
function expectedFrames({ fps, frames }) {
  const out = [];
  for (let k = 0; ; k++) {
    const n = Math.round(k * EVERY_SECONDS * fps);
    if (n >= frames) break;
    if (out[out.length - 1] !== n) out.push(n);
  }
  return out;
}

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(NO_WEBGPU_FLAGS, { serviceWorkers: 'block' }); });
after(async () => { await browser.close(); server.close(); });

const ui = (page) => page.evaluate(() => window.wildlife.ui);
const until = (page, fn, arg, what, timeout = 20000) =>
  page.waitForFunction(fn, arg, { timeout }).catch(async (e) => {
    throw new Error(`${what}: ${e.message}\nui: ${JSON.stringify(await ui(page)).slice(0, 3000)}`);
  });

test('clips and images in one batch: sampled, detected, reviewed on the timeline, exported in the MD video convention', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'wl-video-'));
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=d=1', '-y', join(tmp, 'sound.mp4')]);
  const avi = readFileSync(join(FIXTURES, 'videos', 'zamba_fixtures', 'gorongosa_baboon_07120049_106x60_30fps.AVI'));
  const bad = {
    'empty.mp4': [Buffer.alloc(0), /empty|could not|invalid/i],
    'sound.mp4': [readFileSync(join(tmp, 'sound.mp4')), /no video stream/i],
    'notes.avi': [Buffer.from('Camera 3: card swapped on 4 May.\n'), /^notes\.avi: not a readable video \(Invalid data found/],
  };
  const truncated = { name: 'cut_baboon.AVI', mimeType: 'video/x-msvideo', buffer: avi.subarray(0, Math.floor(avi.length / 2)) };

  const page = browser.context.pages()[0] || (await browser.context.newPage());
  await serveFixtureModel(page, MODEL_PATH);
  const { errors } = await openApp(browser.context, server.url);
  await page.evaluate(({ url, entry }) => window.wildlife.loadModel({ url, entry }), { url: MODEL_PATH, entry });

  // Model → Video frames: a frame every 2 s, typed as a person would.
  await clickWidget(page, 'menu:Model');
  await clickWidget(page, 'menu:Video frames');
  await clickWidget(page, 'input:every seconds');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(String(EVERY_SECONDS));
  await page.keyboard.press('Enter');
  await until(page, (s) => window.wildlife.ui.video && window.wildlife.ui.video.everySeconds === s, EVERY_SECONDS, 'the sampling is set');
  await page.keyboard.press('Escape');
  await page.mouse.click(5, 400);  // away from the menus, so they close
  const video = (await ui(page)).video;
  assert.equal(video.mode, 'seconds');
  assert.match(video.description, /every 2 s/);

  const files = [
    ...CLIPS.slice(0, 2).map((c) => ({ name: basename(c), mimeType: 'video/mp4', buffer: readFileSync(join(FIXTURES, 'videos', c)) })),
    { name: basename(IMAGES[0]), mimeType: 'image/jpeg', buffer: readFileSync(join(FIXTURES, 'images', IMAGES[0])) },
    ...Object.entries(bad).map(([name, [buffer]]) => ({ name, mimeType: 'application/octet-stream', buffer })),
    ...CLIPS.slice(2).map((c) => ({ name: basename(c), mimeType: 'video/x-msvideo', buffer: readFileSync(join(FIXTURES, 'videos', c)) })),
    truncated,
    { name: basename(IMAGES[1]), mimeType: 'image/jpeg', buffer: readFileSync(join(FIXTURES, 'images', IMAGES[1])) },
  ];
  await page.setInputFiles('#file-input', files);
  await until(page, (n) => window.wildlife.ui.batch && window.wildlife.ui.batch.total === n, files.length, 'every file is listed');
  assert.equal((await ui(page)).batch.skippedNonImages, 0, 'clips are not skipped');

  await clickWidget(page, 'button:Run detection');
  await until(page, () => window.wildlife.ui.batch.state !== 'idle', null, 'the run starts');
  await page.evaluate(() => window.wildlife.waitUntilFinished(600000));
  const progress = await page.evaluate(() => window.wildlife.progress());
  assert.equal(progress.done, files.length, 'every clip and image has an outcome');
  await page.screenshot({ path: join(ARTIFACTS, 'video-batch.png') });

  const mdText = await page.evaluate(() => window.wildlife.results('md', { allCandidates: true }));
  writeFileSync(join(ARTIFACTS, 'video-results.json'), mdText);
  assert.deepEqual(validateMdResults(mdText), [], 'the file passes the MegaDetector validator rules');
  const md = JSON.parse(mdText);
  const byName = new Map(md.images.map((i) => [basename(i.file), i]));
  for (const i of md.images) {
    console.log(`# ${i.file}: ${i.failure ? `failed: ${i.failure}` : `${(i.detections || []).length} detections in ${(i.frames_processed || []).length} frames`}${i.warning ? ` (${i.warning})` : ''}`);
  }
  for (const [name, [, reason]] of Object.entries(bad)) {
    const r = byName.get(name);
    assert.ok(r && r.failure, `${name} failed`);
    assert.match(r.failure, reason, `${name}: ${r.failure}`);
  }
  let withBoxes = null;
  for (const c of CLIPS) {
    const r = byName.get(basename(c));
    assert.ok(r && !r.failure, `${c} was analysed: ${r && r.failure}`);
    const oracle = ffprobe(join(FIXTURES, 'videos', c));
    assert.ok(Math.abs(r.frame_rate - oracle.fps) < 1e-3, `${c}: frame rate ${r.frame_rate} vs ffprobe ${oracle.fps}`);
    assert.deepEqual(r.frames_processed, expectedFrames(oracle), `${c}: the frames sampled every ${EVERY_SECONDS} s`);
    for (const d of r.detections) assert.ok(r.frames_processed.includes(d.frame_number), `${c}: box in frame ${d.frame_number}`);
    if (r.detections.length && (!withBoxes || r.detections.length > withBoxes.detections.length)) withBoxes = r;
  }
  const cut = byName.get(truncated.name);
  assert.ok(cut && !cut.failure, `a truncated clip keeps what could be decoded: ${cut && cut.failure}`);
  assert.ok(cut.frames_processed.length > 0);
  assert.match(cut.warning || '', /could not be analysed/, 'and says what is missing');
  for (const img of IMAGES) assert.ok(!byName.get(basename(img)).failure, `${img} was processed`);
  assert.ok(withBoxes, 'the detector found something in at least one clip');

  // The CSV names the frame of every clip box.
  const csv = await page.evaluate(() => window.wildlife.results('csv', { allCandidates: true }));
  const header = csv.split('\r\n')[0].split(',');
  const fi = header.indexOf('frame_number');
  assert.ok(fi > 0, 'a frame_number column');
  const clipRows = csv.split('\r\n').slice(1).filter((l) => l.startsWith(withBoxes.file + ','));
  assert.ok(clipRows.length >= withBoxes.detections.length);
  for (const row of clipRows.filter((l) => !l.includes(',empty,'))) assert.match(row.split(',')[fi], /^\d+$/);

  // Open the clip from the gallery and click a marked frame on its timeline.
  // The list keeps the order the files were added in (nothing was skipped).
  await clickWidget(page, `gallery:${files.findIndex((f) => f.name === basename(withBoxes.file))}`);
  await until(page, () => window.wildlife.ui.viewer.clip && window.wildlife.ui.viewer.textureLoaded, null, 'the clip is shown with its timeline');
  let s = await ui(page);
  const clip = s.viewer.clip;
  assert.deepEqual(clip.frames, withBoxes.frames_processed);
  assert.ok(clip.framesWithDetections.length > 0, 'the timeline has marked frames');
  const target = clip.framesWithDetections[clip.framesWithDetections.length - 1];
  const slot = clip.frames.indexOf(target);
  const r = s.widgets.timeline;
  const ratio = s.pixelRatio || 1;
  await page.mouse.click((r[0] + (r[2] / clip.frames.length) * (slot + 0.5)) / ratio, (r[1] + r[3] / 2) / ratio);
  await until(page, (f) => window.wildlife.ui.viewer.frame === f && window.wildlife.ui.viewer.shownFrame === f &&
    window.wildlife.ui.viewer.textureLoaded && window.wildlife.ui.viewer.visibleBoxes > 0, target, 'the marked frame and its boxes');
  await page.screenshot({ path: join(ARTIFACTS, 'video-viewer.png') });
  if (process.env.UPDATE_DOCS) copyFileSync(join(ARTIFACTS, 'video-viewer.png'), join(ROOT, 'docs', 'video.png'));

  // , steps back one analysed frame; [ goes back to the previous frame with detections (or stays).
  await page.mouse.move(10, 10);
  await page.keyboard.press(',');
  const before = clip.frames[slot - 1] ?? target;
  await until(page, (f) => window.wildlife.ui.viewer.frame === f, before, ', steps to the previous frame');
  await page.keyboard.press(']');
  await until(page, (f) => window.wildlife.ui.viewer.frame === f, target, '] jumps to the next frame with detections');

  // Review a box of this frame: Tab selects it, A accepts it; the export carries the decision.
  await until(page, () => window.wildlife.ui.viewer.drawnBoxes > 0, null, 'boxes drawn');
  await page.keyboard.press('Tab');
  await until(page, () => window.wildlife.ui.viewer.selectedDetection >= 0, null, 'a box is selected');
  const det = (await ui(page)).viewer.selectedDetection;
  await page.keyboard.press('a');
  await until(page, () => window.wildlife.ui.review.undoable > 0, null, 'the review is recorded');
  const after = JSON.parse(await page.evaluate(() => window.wildlife.results('md', { allCandidates: true })));
  const reviewed = after.images.find((i) => i.file === withBoxes.file).detections[det];
  assert.equal(reviewed.frame_number, target, 'the box reviewed is in the frame shown');
  assert.ok(reviewed.reviewed, 'the export marks it reviewed');
  assert.deepEqual(validateMdResults(JSON.stringify(after)), []);
  assert.deepEqual(errors, []);
});
