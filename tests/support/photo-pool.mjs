// Photo sets for long-batch tests and benchmarks: real fixture photos re-encoded at the sizes
// camera traps write (0.3 to 20 MP), made once with Debian's Pillow (a test oracle, never the
// product) into a cache folder, and a folder of N names linked to them in a fixed mix, so a
// 10,000-image batch needs no 10,000 distinct files on disk.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

// Width x height; the last is 20 MP (5184 x 3888, a 4:3 sensor as in many trail cameras).
export const POOL_SIZES = [[640, 480], [1280, 960], [1920, 1080], [2048, 1536], [3264, 2448], [4000, 3000], [5184, 3888]];
// How often each size comes up in the mix, out of 50: mostly 1-5 MP, one in 50 at 20 MP.
const MIX = [6, 12, 12, 9, 6, 4, 1];

const SOURCES = [
  'snapshot_serengeti_burst/S1_D04_R6_PICT0020.JPG',
  'megadetector_test/caltech_camera_traps_58a022a4-23d2-11e8-a6a3-ec086b02610b.jpg',
  'ena24_via_zamba/2480.jpg',
  'camtrapR_sabah/StationA/PBE/StationA__2009-04-22__20-19-00(1).JPG',
];


// -> [{ file, width, height }], one per source photo and size, in the cache folder.
export function photoPool(fixtures, cacheDir) {
  mkdirSync(cacheDir, { recursive: true });
  const sources = SOURCES.map((s) => join(fixtures, 'images', s)).filter((p) => existsSync(p));
  if (!sources.length) throw new Error(`photoPool: none of the fixture photos is in ${fixtures}/images`);
  const pool = [];
  sources.forEach((src, si) => {
    for (const [w, h] of POOL_SIZES) {
      const file = join(cacheDir, `pool-${si}-${w}x${h}.jpg`);
      if (!existsSync(file)) {
        execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', src, '-vf', `scale=${w}:${h}:flags=bilinear`,
          '-q:v', '3', file]);
      }
      pool.push({ file, width: w, height: h });
    }
  });
  return pool;
}

// A folder of `count` photo names (img000001.jpg ...) linked to pool photos in the fixed mix.
// -> { dir, files: [path], pixels: total megapixels }
export function photoFolder(pool, count, dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sizes = POOL_SIZES.length;
  const slots = [];
  MIX.forEach((n, size) => { for (let k = 0; k < n; k++) slots.push(size); });
  const files = [];
  let pixels = 0;
  for (let i = 0; i < count; i++) {
    const size = slots[(i * 17) % slots.length];  // spread the sizes over the run
    const source = Math.floor(i / slots.length) % (pool.length / sizes);
    const photo = pool[source * sizes + size];
    const file = join(dir, `img${String(i + 1).padStart(6, '0')}.jpg`);
    symlinkSync(photo.file, file);
    files.push(file);
    pixels += (photo.width * photo.height) / 1e6;
  }
  return { dir, files, pixels };
}
