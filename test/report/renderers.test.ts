import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { ALWAYS_WRITTEN, RENDERERS, SUMMARY_FILE } from '../../src/report/renderers.ts';
import { REPORT_FORMATS } from '../../src/scenario/defaults.ts';
import { runEvents } from './fixtures.ts';

const renderers = suite('RENDERERS');
renderers('a renderer for every report format; summary.json is the one always written', () => {
  assert.equal(Object.keys(RENDERERS).sort(), [...REPORT_FORMATS].sort());
  assert.is(ALWAYS_WRITTEN, 'json');
  assert.equal([...RENDERERS.json(foldEvents(runEvents())).keys()], [SUMMARY_FILE]);
});
renderers('hgrm: one file per series, named after metric and series token', () => {
  const report = foldEvents(runEvents());
  const names = [...RENDERERS.hgrm(report).keys()];
  assert.is(names.length, report.series.length);
  assert.ok(names.includes('pull_duration.endpoint=eastus+worker=japaneast.hgrm'), names.join(', '));
});
renderers.run();
