// scripts/detect on clips: the same FFmpeg build (under Node), sampling, checks and output as
// the page. A folder with clips, a photo and bad clips: one entry per clip in the MegaDetector
// video convention (frame_rate equal to Debian ffprobe's, frames_processed as sampled, a
// frame_number on every box), passing the rules of MegaDetector's validator; bad clips listed
// with their reasons; the sampling options checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixture, repoRoot } from './helpers.mjs';
import { validateMdResults } from '../support/md-validate.mjs';

const detect = path.join(repoRoot, 'scripts/detect');
const yolo = fixture('models/yolov5n-coco.onnx');
const haveFfmpeg = spawnSync('ffprobe', ['-version']).status === 0;

function ffprobeRate(file) {
  const out = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-of', 'json',
    '-show_entries', 'stream=avg_frame_rate,nb_frames', file], { encoding: 'utf8' })).streams[0];
  const [a, b] = out.avg_frame_rate.split('/').map(Number);
  return { fps: a / b, frames: Number(out.nb_frames) };
}

test('the runner analyses clips with the sampling asked for, and lists bad clips with their reasons', { skip: !haveFfmpeg && 'Debian ffmpeg is not installed' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wl-runner-video-'));
  const clips = ['zamba_fixtures/densepose_chimp_320x180.mp4', 'zamba_fixtures/chimpandsee_PICT0146_106x60_1fps.AVI'];
  for (const c of clips) fs.copyFileSync(fixture(`videos/${c}`), path.join(dir, path.basename(c)));
  fs.copyFileSync(fixture('images/speciesnet_test/human.jpg'), path.join(dir, 'human.jpg'));
  fs.writeFileSync(path.join(dir, 'empty.mp4'), '');
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=d=1', '-y', path.join(dir, 'sound.mp4')]);
  const out = path.join(dir, 'out.json');
  const r = spawnSync(detect, ['detect', '--model', yolo, '--model-config', 'yolov5n-coco', '--every-seconds', '3', '--out', out, dir],
    { encoding: 'utf8', timeout: 600000 });
  assert.equal(r.status, 0, r.stderr);
  const text = fs.readFileSync(out, 'utf8');
  assert.deepEqual(validateMdResults(text), []);
  const md = JSON.parse(text);
  const byName = new Map(md.images.map((i) => [i.file, i]));
  for (const c of clips) {
    const rec = byName.get(path.basename(c));
    assert.ok(rec && !rec.failure, `${c}: ${rec && rec.failure}`);
    const { fps, frames } = ffprobeRate(fixture(`videos/${c}`));
    assert.ok(Math.abs(rec.frame_rate - fps) < 1e-6);
    const want = [];
    for (let k = 0; Math.round(k * 3 * fps) < frames; k++) want.push(Math.round(k * 3 * fps));
    assert.deepEqual(rec.frames_processed, want, `${c}: a frame every 3 s`);
    for (const d of rec.detections) assert.ok(want.includes(d.frame_number));
  }
  assert.ok(byName.get('densepose_chimp_320x180.mp4').detections.length > 0, 'the chimp clip has detections');
  assert.match(byName.get('empty.mp4').failure, /is empty \(0 bytes\)/);
  assert.match(byName.get('sound.mp4').failure, /has no video stream/);
  assert.ok(!byName.get('human.jpg').failure && byName.get('human.jpg').detections.length > 0);

  const both = spawnSync(detect, ['detect', '--model', yolo, '--every-seconds', '1', '--every-nth', '5', '--out', out, dir], { encoding: 'utf8' });
  assert.notEqual(both.status, 0);
  assert.match(both.stderr, /--every-seconds or --every-nth, not both/);
  const bad = spawnSync(detect, ['detect', '--model', yolo, '--max-frames', '0', '--out', out, dir], { encoding: 'utf8' });
  assert.match(bad.stderr, /--max-frames must be a whole number/);
});
