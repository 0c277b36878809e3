import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { checkRunId, contentTypeFor, listRunFiles, newestFirst, runRefOf, safeRelPath, type RunRef } from '../../src/dist/store-run-files.ts';
import { withTmpDir } from './k6-fixtures.ts';
import { makeRunDir } from './store-fixtures.ts';

const list = suite('listRunFiles');
list('every regular file, subdirectories included, symlinks and *.tmp left out, summary.json last', async () => {
  await withTmpDir(async (dir) => {
    const run = makeRunDir(dir, { runId: 'r', scenario: 's', startedAt: '2026-01-01T00:00:00.000Z', pass: true });
    const files = await listRunFiles(run);
    assert.equal(files.map((f) => f.rel), ['assets/chart.bin', 'events.jsonl', 'pull_duration.endpoint-eastus+worker-eastus.hgrm', 'report.html', 'report.md', 'summary.json']);
    assert.is(files[0]?.sizeBytes, 70_000);
    assert.is(files[0]?.path, join(run, 'assets', 'chart.bin'));
  });
});
list('a missing directory is a ConfigError', async () => {
  try {
    await listRunFiles('/nonexistent/replbench/run');
    assert.unreachable('should have thrown');
  } catch (err: unknown) {
    assert.match((err as Error).message, /cannot read the run directory: no such directory/);
  }
});
list.run();

const types = suite('contentTypeFor');
types('by extension, octet-stream when unknown', () => {
  assert.is(contentTypeFor('summary.json'), 'application/json');
  assert.is(contentTypeFor('events.jsonl'), 'application/x-ndjson');
  assert.is(contentTypeFor('REPORT.HTML'), 'text/html; charset=utf-8');
  assert.is(contentTypeFor('junit.xml'), 'application/xml');
  assert.is(contentTypeFor('a.hgrm'), 'text/plain; charset=utf-8');
  assert.is(contentTypeFor('metrics.prom'), 'application/octet-stream');
});
types.run();

const ids = suite('checkRunId');
ids('one path component only', () => {
  assert.is(checkRunId('20261122T001500Z-smoke'), '20261122T001500Z-smoke');
  for (const bad of ['', '.', '..', 'a/b', 'a\\b']) assert.throws(() => checkRunId(bad), /expected a run id/);
});
ids.run();

const rel = suite('safeRelPath');
rel('relative, slash-separated, never leaving the run', () => {
  assert.is(safeRelPath('assets/chart.bin'), 'assets/chart.bin');
  for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b', 'a\\b', './a']) assert.is(safeRelPath(bad), null, bad);
});
rel.run();

const refOf = suite('runRefOf');
refOf('reads scenario, start, completeness and the threshold verdict from summary.json', () => {
  const text = JSON.stringify({ scenario: 'smoke', startedAt: '2026-11-22T00:15:00.000Z', complete: false, thresholds: [{ ok: true }, { ok: false }] });
  assert.equal(runRefOf('r', 'u', text), { runId: 'r', url: 'u', scenario: 'smoke', startedAt: '2026-11-22T00:15:00.000Z', complete: false, thresholdsPass: false, thresholds: 2 });
  assert.is(runRefOf('r', 'u', JSON.stringify({ thresholds: [] })).thresholdsPass, true);
});
refOf('no summary, or an unreadable one, gives nulls', () => {
  const none = { runId: 'r', url: 'u', scenario: null, startedAt: null, complete: null, thresholdsPass: null, thresholds: 0 };
  assert.equal(runRefOf('r', 'u', null), none);
  assert.equal(runRefOf('r', 'u', '{'), none);
  assert.equal(runRefOf('r', 'u', '42'), none);
});
refOf.run();

const order = suite('newestFirst');
order('by startedAt descending, runs without one last, ties by run id descending', () => {
  const ref = (runId: string, startedAt: string | null): RunRef => ({ runId, url: '', scenario: null, startedAt, complete: null, thresholdsPass: null, thresholds: 0 });
  const sorted = newestFirst([ref('a', '2026-01-01'), ref('z', null), ref('b', '2026-02-01'), ref('c', '2026-02-01'), ref('y', null)]);
  assert.equal(sorted.map((r) => r.runId), ['c', 'b', 'a', 'z', 'y']);
});
order.run();
