// scripts/detect's command line: the usage text and the options, checked, with messages that
// say what to give instead.
import { UsageError } from './usage-error.mjs';

export const USAGE = `usage: scripts/detect detect --model M.onnx|PACKAGE.zip|zoo-id --out results.json
                      [--model-config FILE.json|zoo-name] [--classifier C] [--threshold 0.2]
                      [--classify-threshold 0.1] [--max-crops 20]
                      FILES_OR_DIRS...`;


export function parseArgs(argv) {
  if (argv[0] === '--help' || argv[0] === '-h') throw new UsageError('');
  if (argv[0] !== 'detect') throw new UsageError(argv.length ? `unknown command "${argv[0]}" (the only command is "detect")` : 'no command given');
  const opts = { inputs: [] };
  const takesValue = new Set(['--model', '--out', '--model-config', '--classifier', '--threshold', '--classify-threshold', '--max-crops']);
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
  return opts;
}
