// Exports saved into the folder the images came from (File System Access API). The writer
// (web/js/folder-writer.js) runs against a real FileSystemDirectoryHandle from the
// origin-private file system; then the app's own path: "Add folder…" (the picker answered with
// that handle, as headless Chromium shows no picker), imported results, Export → Save into the
// folder.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_WEBGPU_FLAGS, ROOT, clickWidget, launchBrowser, openApp, startServer } from './harness.mjs';

const FIXTURES = join(ROOT, '..', 'shared', 'fixtures');
const IMAGE = 'StationA__2009-04-22__20-19-00(1).JPG';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(NO_WEBGPU_FLAGS); });
after(async () => { await browser.close(); server.close(); });

test('the writer writes into a directory handle, replaces a file, and refuses what it must', async () => {
  const { page } = await openApp(browser.context, server.url);
  const r = await page.evaluate(async () => {
    const { writeIntoFolder } = await import('./js/folder-writer.js');
    const root = await navigator.storage.getDirectory();
    const dir = await root.getDirectoryHandle('writer-test', { create: true });
    const first = await writeIntoFolder(dir, 'megadetector_results.json', JSON.stringify({ long: 'x'.repeat(5000) }));
    await writeIntoFolder(dir, 'megadetector_results.json', '{"short":1}');
    const text = await (await (await dir.getFileHandle('megadetector_results.json')).getFile()).text();
    const codes = [];
    const attempt = async (d, name) => { try { await writeIntoFolder(d, name, 'x'); codes.push('written'); } catch (e) { codes.push(e.code); } };
    await attempt(dir, '../escape.json');
    await attempt(null, 'a.json');
    // A folder whose owner says no to writing.
    await attempt({ kind: 'directory', name: 'locked', getFileHandle: (n, o) => dir.getFileHandle(n, o),
      queryPermission: async () => 'prompt', requestPermission: async () => 'denied' }, 'a.json');
    const names = [];
    for await (const name of dir.keys()) names.push(name);
    return { first, text, codes, names };
  });
  assert.equal(r.first.bytes, 5011);
  assert.equal(r.text, '{"short":1}', 'replaced, not appended to');
  assert.deepEqual(r.codes, ['bad-name', 'no-folder', 'permission']);
  assert.deepEqual(r.names, ['megadetector_results.json']);
});

test('Export → Save into the folder writes next to the images', async () => {
  const page = await browser.context.newPage();
  const image = readFileSync(join(FIXTURES, 'images', 'camtrapR_sabah', 'StationA', 'PBE', IMAGE)).toString('base64');
  // The folder picker answers with an OPFS folder holding one image.
  await page.addInitScript(() => {
    window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('survey', { create: true });
  });
  await page.goto(server.url);
  await page.waitForFunction(() => window.wildlife && window.wildlife.ready);
  await page.evaluate(async ({ name, b64 }) => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('survey', { create: true });
    const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
    await w.write(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
    await w.close();
  }, { name: IMAGE, b64: image });
  const md = { info: { format_version: '1.4', detector: 'md_v5a.0.0.pt' }, detection_categories: { 1: 'animal' },
    images: [{ file: IMAGE, detections: [{ category: '1', conf: 0.9, bbox: [0.1, 0.2, 0.3, 0.4] }] }] };
  await page.evaluate((text) => window.wildlife.importResults(text, { name: 'md.json' }), JSON.stringify(md));
  await clickWidget(page, 'button:Add folder…');
  await page.waitForFunction(() => window.wildlife.ui.batch.withoutFile === 0 && window.wildlife.ui.batch.total === 1);

  await clickWidget(page, 'menu:Export');
  await clickWidget(page, 'item:Save MegaDetector JSON into the folder');
  await page.waitForFunction(() => /Saved megadetector_results.json into the folder "survey"/.test(window.wildlife.ui.notice));
  const saved = JSON.parse(await page.evaluate(async () => {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('survey');
    return (await (await dir.getFileHandle('megadetector_results.json')).getFile()).text();
  }));
  assert.equal(saved.images[0].file, IMAGE);
  assert.deepEqual(saved.images[0].detections[0].bbox, [0.1, 0.2, 0.3, 0.4]);
  await page.close();
});
