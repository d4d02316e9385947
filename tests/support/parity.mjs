// Matching rules for comparing our MegaDetector-format output with the YOLOv5 reference
// (../shared/fixtures/README.md): detections with conf >= 0.05 must agree on class, conf
// (within 0.03) and normalised box (within 0.005); within 0.02 of 0.05 a detection may exist
// on one side only. `ours` is an MD JSON image whose categories are 1-based COCO classes.
export const PARITY = { floor: 0.05, band: 0.02, conf: 0.03, box: 0.005, minMatched: 0.95, maxExtra: 0.05 };

export function newParityStats() {
  return { reference: 0, matched: 0, excused: 0, missing: [], extra: [] };
}

export function compareImage(ref, ours, stats) {
  const { floor, band } = PARITY;
  const refDets = ref.detections.filter((d) => d.conf >= floor - band);
  const ourDets = (ours.detections || [])
    .map((d) => ({ cls: Number(d.category) - 1, conf: d.conf, bbox: d.bbox }))
    .filter((d) => d.conf >= floor - band);
  const used = new Set();
  for (const r of refDets) {
    let best = -1, bestErr = Infinity;
    ourDets.forEach((o, i) => {
      if (used.has(i) || o.cls !== r.category || Math.abs(o.conf - r.conf) > PARITY.conf) return;
      const err = Math.max(...o.bbox.map((v, k) => Math.abs(v - r.bbox_unrounded[k])));
      if (err <= PARITY.box && err < bestErr) { best = i; bestErr = err; }
    });
    if (best >= 0) {
      used.add(best);
      if (r.conf >= floor) stats.matched++;
    } else if (r.conf >= floor + band) {
      stats.missing.push(`${ref.file}: ${r.label} ${r.conf.toFixed(3)}`);
    } else if (r.conf >= floor) {
      stats.excused++;
    }
    if (r.conf >= floor) stats.reference++;
  }
  ourDets.forEach((o, i) => {
    if (!used.has(i) && o.conf >= floor + band) stats.extra.push(`${ref.file}: class ${o.cls} ${o.conf}`);
  });
}

export function parityShares(stats) {
  return {
    matched: stats.matched / (stats.reference - stats.excused),
    extra: stats.extra.length / stats.reference,
  };
}

// The whole check of an exported MD JSON file against the reference, as the browser tests
// make it: every reference image is in the export, truncated images carry their warning (or
// failure), and the detections match within PARITY. Returns the statistics for the log.
export function assertExportMatchesReference(ours, reference, assert) {
  const byName = new Map(ours.images.map((i) => [i.file.split('/').pop(), i]));
  const stats = newParityStats();
  for (const ref of reference.images) {
    const mine = byName.get(ref.file.split('/').pop());
    assert.ok(mine, `${ref.file} is in the export`);
    if (ref.status !== 'ok') {
      assert.match(mine.warning ?? mine.failure ?? '', /cut short|truncat/i, ref.file);
      continue;
    }
    assert.equal(mine.failure, undefined, `${ref.file}: ${mine.failure}`);
    compareImage(ref, mine, stats);
  }
  const shares = parityShares(stats);
  assert.ok(stats.reference > 100);
  assert.ok(shares.matched >= PARITY.minMatched, `matched ${(100 * shares.matched).toFixed(1)}%: ${stats.missing.join('; ')}`);
  assert.ok(shares.extra <= PARITY.maxExtra, `extra ${(100 * shares.extra).toFixed(1)}%: ${stats.extra.join('; ')}`);
  return stats;
}
