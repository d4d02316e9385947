// The maintainer export script (scripts/export-onnx) cannot run here (it needs PyPI and the
// published weights), but its plan can: every PyTorch-only zoo entry gets an exporter whose
// output layout is the one the entry declares, or a stated reason why it has none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;
const zoo = JSON.parse(readFileSync(join(ROOT, 'models', 'zoo.json'), 'utf8'));

test('export-onnx --dry-run plans every PyTorch-only zoo model with the layout the zoo declares', () => {
  const plans = JSON.parse(execFileSync(join(ROOT, 'scripts', 'export-onnx'), ['--dry-run'], { encoding: 'utf8' }));
  const pytorchOnly = zoo.models.filter((m) => !m.weights.some((w) => w.format === 'onnx'));
  assert.deepEqual(plans.map((p) => p.id), pytorchOnly.map((m) => m.id));
  for (const p of plans) {
    const m = zoo.models.find((e) => e.id === p.id);
    assert.equal(p.size, m.input.sizes[0], p.id);
    if (p.skip) {
      assert.ok(!m.layout, `${p.id}: the app decodes this layout, so the export should be automated`);
      assert.match(p.skip, /layout|pipeline/, p.id);
      continue;
    }
    assert.equal(p.layout, m.task === 'classifier' ? 'classifier' : m.layout, p.id);
    assert.equal(p.classes, m.classes.length, p.id);
    assert.match(p.source, /^https:\/\//, p.id);
  }
  assert.ok(plans.filter((p) => !p.skip).length >= 14);
});
