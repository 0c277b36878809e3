import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { foldEvents } from '../../src/report/fold.ts';
import { appendMarkdown, appendStepSummary, renderStepSummary } from '../../src/report/step-summary.ts';
import { runEvents } from './fixtures.ts';

const render = suite('renderStepSummary');
render('verdict, lag per region with bounds, gains and the failed thresholds', () => {
  const md = renderStepSummary(foldEvents(runEvents()));
  assert.ok(md.startsWith('### replbench smoke — :x: 3 of 6 thresholds failed\n'));
  assert.match(md, /\| westeurope \| 100 \| 0 \| 50ms ± 2ms \|/);
  assert.match(md, /\| japaneast \| 98 \| 2 \|/);
  assert.match(md, /Network-close gain: eastus 8\.99×, japaneast 15\.99×, westeurope 8\.99×\./);
  assert.match(md, /\| `replication_lag: med<1ms` \| \* \| 66ms \|/);
  assert.ok(md.endsWith('\n\n'));
  assert.match(md, /Full report: `report\.html`, `report\.md`, `junit\.xml`, `metrics\.prom`, `summary\.json` in the run directory\./);
});
render.run();

const append = suite('appendStepSummary');
append('appends to the file $GITHUB_STEP_SUMMARY names, and does nothing when unset', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replbench-step-'));
  try {
    const path = join(dir, 'summary.md');
    writeFileSync(path, 'before\n');
    const report = foldEvents(runEvents());
    assert.is(await appendStepSummary(report, { GITHUB_STEP_SUMMARY: path }), true);
    assert.is(await appendStepSummary(report, {}), false);
    assert.is(await appendMarkdown('x', { GITHUB_STEP_SUMMARY: '' }), false);
    assert.is(await appendMarkdown('tail', { GITHUB_STEP_SUMMARY: path }), true);
    assert.is(readFileSync(path, 'utf8'), `before\n${renderStepSummary(report)}tail\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
append.run();
