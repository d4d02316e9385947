// scripts/detect's command line: the usage text and the options, checked, with messages that
// say what to give instead.
import { UsageError } from './usage-error.mjs';

export const USAGE = `usage: scripts/detect detect --model M.onnx|PACKAGE.zip|zoo-id --out results.json
                      [--model-config FILE.json|zoo-name] [--classifier C] [--threshold 0.2]
                      [--classify-threshold 0.1] [--max-crops 20]
                      [--every-seconds 0.33 | --every-nth 10] [--max-frames 300]
                      FILES_OR_DIRS...   (images and video clips)`;


export function parseArgs(argv) {
  if (argv[0] === '--help' || argv[0] === '-h') throw new UsageError('');
  if (argv[0] !== 'detect') throw new UsageError(argv.length ? `unknown command "${argv[0]}" (the only command is "detect")` : 'no command given');
  const opts = { inputs: [] };
  const takesValue = new Set(['--model', '--out', '--model-config', '--classifier', '--threshold', '--classify-threshold', '--max-crops',
    '--every-seconds', '--every-nth', '--max-frames']);
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') throw new UsageError('');
    if (a.startsWith('--')) {
      const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      if (!takesValue.has(name)) throw new UsageError(`unknown option ${name}`);
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      const key = name.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
      if (opts[key] !== undefined) throw new UsageError(`${name} given twice`);
      opts[key] = value;
    } else {
      opts.inputs.push(a);
    }
  }
  if (!opts.model) throw new UsageError('--model is required (an .onnx file or a zoo name)');
  if (!opts.out) throw new UsageError('--out is required (where to write the MegaDetector JSON)');
  if (!opts.inputs.length) throw new UsageError('give at least one image file or folder');
  if (opts.threshold !== undefined) {
    const t = Number(opts.threshold);
    if (!Number.isFinite(t) || t < 0 || t >= 1) throw new UsageError(`--threshold must be a number from 0 to below 1 (got "${opts.threshold}")`);
    opts.threshold = t;
  }
  // Which detections the classifier sees: its own detection threshold, and crops per image.
  if (opts.classifyThreshold !== undefined) {
    const t = Number(opts.classifyThreshold);
    if (!Number.isFinite(t) || t < 0 || t > 1) throw new UsageError(`--classify-threshold must be a number from 0 to 1 (got "${opts.classifyThreshold}")`);
    opts.classifyThreshold = t;
  }
  if (opts.maxCrops !== undefined) {
    const n = Number(opts.maxCrops);
    if (!Number.isInteger(n) || n < 1 || n > 100) throw new UsageError(`--max-crops must be a whole number from 1 to 100 (got "${opts.maxCrops}")`);
    opts.maxCrops = n;
  }
  if ((opts.classifyThreshold !== undefined || opts.maxCrops !== undefined) && !opts.classifier)
    throw new UsageError('--classify-threshold and --max-crops need --classifier');
  // Which frames of each clip are analysed (the core's FrameSampling; default a frame every 1/3 s).
  if (opts.everySeconds !== undefined && opts.everyNth !== undefined)
    throw new UsageError('give --every-seconds or --every-nth, not both');
  const video = {};
  if (opts.everySeconds !== undefined) {
    const t = Number(opts.everySeconds);
    if (!Number.isFinite(t) || t < 0.01 || t > 3600) throw new UsageError(`--every-seconds must be a number from 0.01 to 3600 (got "${opts.everySeconds}")`);
    video.everySeconds = t;
  }
  if (opts.everyNth !== undefined) {
    const n = Number(opts.everyNth);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--every-nth must be a whole number from 1 (got "${opts.everyNth}")`);
    video.everyNth = n;
  }
  if (opts.maxFrames !== undefined) {
    const n = Number(opts.maxFrames);
    if (!Number.isInteger(n) || n < 1 || n > 100000) throw new UsageError(`--max-frames must be a whole number from 1 to 100000 (got "${opts.maxFrames}")`);
    video.maxFrames = n;
  }
  delete opts.everySeconds;
  delete opts.everyNth;
  delete opts.maxFrames;
  if (Object.keys(video).length) opts.video = video;
  return opts;
}
