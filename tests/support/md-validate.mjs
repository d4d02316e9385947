// The rules of MegaDetector's own validator (agentmorris/MegaDetector,
// megadetector/postprocessing/validate_batch_results.py), restated for the tests: what a
// results file must hold for Timelapse and the MegaDetector tools to read it. Returns the list
// of problems (empty when valid). JSON numbers: Python reads 1 as int and 1.0 as float, and the
// validator wants float confidences, so the raw text is checked for those too.
const VIDEO = /\.(mp4|m4v|mov|avi|asf|wmv|mkv|webm|mts|m2ts|3gp|mpg|mpeg|ts)$/i;

export function validateMdResults(text) {
  const problems = [];
  const d = JSON.parse(text);
  if (!d || typeof d !== 'object' || Array.isArray(d)) return ['not a JSON object'];
  if (!d.info || typeof d.info !== 'object') return ['no info'];
  const version = Number(d.info.format_version);
  if (!(version >= 1.3)) problems.push(`format_version ${d.info.format_version} is below 1.3`);
  if (!d.detection_categories) problems.push('no detection_categories');
  for (const [k, v] of Object.entries(d.detection_categories || {})) {
    if (!/^\d+$/.test(k) || typeof v !== 'string') problems.push(`bad detection category ${k}`);
  }
  for (const [k, v] of Object.entries(d.classification_categories || {})) {
    if (!/^\d+$/.test(k) || typeof v !== 'string') problems.push(`bad classification category ${k}`);
  }
  if (!Array.isArray(d.images)) return [...problems, 'images is not a list'];
  for (const im of d.images) {
    if (!im || typeof im.file !== 'string') { problems.push('an image without a file'); continue; }
    const where = im.file;
    if (im.failure !== undefined && im.failure !== null) {
      if (typeof im.failure !== 'string') problems.push(`${where}: failure is not a string`);
      if (im.detections !== undefined && im.detections !== null) problems.push(`${where}: failure with detections`);
    } else if (!Array.isArray(im.detections)) {
      problems.push(`${where}: no detections list`);
    }
    for (const det of im.detections || []) {
      if (!('category' in det) || !('conf' in det) || !('bbox' in det)) problems.push(`${where}: incomplete detection`);
      if (!(det.category in (d.detection_categories || {}))) problems.push(`${where}: unmapped category ${det.category}`);
      for (const c of det.classifications || []) {
        if (typeof c[0] !== 'string' || !/^\d+$/.test(c[0])) problems.push(`${where}: bad classification ${c[0]}`);
        if (typeof c[1] !== 'number') problems.push(`${where}: bad classification confidence`);
      }
    }
    if (VIDEO.test(im.file) && version >= 1.4) {
      if (typeof im.frame_rate !== 'number') problems.push(`${where}: a video without frame_rate`);
      else if (im.frame_rate < 0) problems.push(`${where}: a negative frame rate`);
      for (const det of im.detections || []) {
        if (!Number.isInteger(det.frame_number)) problems.push(`${where}: a detection without frame_number`);
      }
    }
  }
  // Confidences written as integers ("conf": 1) would be ints to Python.
  if (/"conf":\s*-?\d+\s*[,}]/.test(text)) problems.push('a confidence written as an integer');
  return problems;
}
