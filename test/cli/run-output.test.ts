import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { printReport } from '../../src/cli/run-output.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { renderSummary } from '../../src/report/summary.ts';
import { captureIo } from '../helpers/capture-io.ts';
import { START, runEvents } from '../report/fixtures.ts';

const print = suite('printReport');

print('failed thresholds: table on stdout, one line each on stderr, exit 99', () => {
  const io = captureIo();
  const report = foldEvents(runEvents());
  assert.is(printReport(io, report, { json: false }), 99);
  assert.match(io.out(), /^replbench run /);
  assert.match(io.err(), /^replbench: threshold failed: /);
});

print('--json: summary.json on stdout', () => {
  const io = captureIo();
  const report = foldEvents(runEvents());
  printReport(io, report, { json: true });
  assert.is(io.out(), renderSummary(report));
});

print('all thresholds passed: exit 0; an interrupted run: exit 130 whatever the thresholds', () => {
  const report = foldEvents(runEvents(), { thresholds: { replication_outcome: [], pull_outcome: [] } });
  assert.is(printReport(captureIo(), report, { json: false }), 0);
  assert.is(printReport(captureIo(), foldEvents([START]), { json: false, interrupted: true }), 130);
});

print('the last line names report.html when the run writes it; not with --json, nor when html is not a format', () => {
  const report = foldEvents(runEvents());
  const io = captureIo();
  printReport(io, report, { json: false, runDir: '/r/run-1' });
  assert.match(io.out(), /\n\nopen \/r\/run-1\/report\.html\n$/);
  const json = captureIo();
  printReport(json, report, { json: true, runDir: '/r/run-1' });
  assert.not.match(json.out(), /report\.html/);
  const mdOnly = captureIo();
  printReport(mdOnly, { ...report, formats: ['md'] }, { json: false, runDir: '/r/run-1' });
  assert.not.match(mdOnly.out(), /report\.html/);
});

print.run();
