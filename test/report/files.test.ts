import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReportFiles, rerender, writeReport } from '../../src/report/files.ts';
import { MARKDOWN_FILE, SUMMARY_FILE } from '../../src/report/renderers.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { EVENT_LOG_FILE, openEventLog } from '../../src/events/log.ts';
import { runEvents } from './fixtures.ts';

async function withRunDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'replbench-report-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir).sort()) files.set(name, readFileSync(join(dir, name), 'utf8'));
  return files;
}

const render = suite('renderReportFiles');
render('names one .hgrm per series and one .hlog per metric, file-name safe', () => {
  const names = [...renderReportFiles(foldEvents(runEvents())).keys()];
  assert.is(names[0], SUMMARY_FILE);
  assert.is(names[1], MARKDOWN_FILE);
  assert.ok(names.includes('replication_lag.region=westeurope.hgrm'));
  assert.ok(names.includes('pull_duration.endpoint=westeurope+worker=eastus.hgrm'));
  assert.ok(names.includes('pull_ttfb.endpoint=eastus+worker=eastus.hgrm'));
  assert.equal(names.filter((n) => n.endsWith('.hlog')), ['push_duration.hlog', 'replication_lag.hlog', 'pull_duration.hlog', 'pull_ttfb.hlog']);
  assert.is(names.filter((n) => n.endsWith('.hgrm')).length, 1 + 2 + 9 + 9);
  for (const n of names) assert.match(n, /^[A-Za-z0-9_.+=-]+$/);
  for (const n of ['report.html', 'junit.xml', 'metrics.prom']) assert.ok(names.includes(n), `${n}: a log without formats gets every format`);
});
render('writes only the formats run-start names, summary.json always', () => {
  const withFormats = (formats: string[]) => runEvents().map((e) => (e.type === 'run-start' ? { ...e, formats } : e));
  assert.equal([...renderReportFiles(foldEvents(withFormats(['json']))).keys()], [SUMMARY_FILE]);
  assert.equal([...renderReportFiles(foldEvents(withFormats(['prom']))).keys()], [SUMMARY_FILE, 'metrics.prom']);
  assert.equal([...renderReportFiles(foldEvents(withFormats(['junit', 'md', 'html']))).keys()], [SUMMARY_FILE, MARKDOWN_FILE, 'report.html', 'junit.xml']);
  const hlogOnly = [...renderReportFiles(foldEvents(withFormats(['hlog']))).keys()];
  assert.equal(hlogOnly, [SUMMARY_FILE, 'push_duration.hlog', 'replication_lag.hlog', 'pull_duration.hlog', 'pull_ttfb.hlog']);
  const hgrmOnly = [...renderReportFiles(foldEvents(withFormats(['hgrm']))).keys()];
  assert.is(hgrmOnly.length, 1 + 1 + 2 + 9 + 9);
  assert.ok(hgrmOnly.slice(1).every((n) => n.endsWith('.hgrm')));
});
render.run();

const write = suite('writeReport');
write('writes every file and leaves no temporary files', () =>
  withRunDir(async (dir) => {
    const written = await writeReport(dir, foldEvents(runEvents()));
    assert.equal(readdirSync(dir).sort(), [...written].sort());
    assert.is(JSON.parse(readFileSync(join(dir, SUMMARY_FILE), 'utf8')).schemaVersion, 1);
  }));
write.run();

const again = suite('rerender');
again('rewrites every report byte-identical to the run\'s own write', () =>
  withRunDir(async (dir) => {
    const log = openEventLog(join(dir, EVENT_LOG_FILE));
    const events = runEvents();
    for (const e of events) log.append(e);
    await log.close();
    await writeReport(dir, foldEvents(events)); // what the runner writes from memory
    const first = snapshot(dir);
    const result = await rerender(dir);
    assert.equal(snapshot(dir), first);
    assert.is(result.truncated, false);
    assert.is(result.skipped, 0);
    assert.is(result.report.complete, true);
    await rerender(dir);
    assert.equal(snapshot(dir), first);
  }));
again('a re-render writes the set the run asked for, and only it', () =>
  withRunDir(async (dir) => {
    const log = openEventLog(join(dir, EVENT_LOG_FILE));
    for (const e of runEvents()) log.append(e.type === 'run-start' ? { ...e, formats: ['json', 'junit'] } : e);
    await log.close();
    const result = await rerender(dir);
    assert.equal([...result.files], [SUMMARY_FILE, 'junit.xml']);
    assert.equal(readdirSync(dir).sort(), [EVENT_LOG_FILE, 'junit.xml', SUMMARY_FILE].sort());
  }));
again('a truncated events.jsonl still folds, with complete=false', () =>
  withRunDir(async (dir) => {
    const log = openEventLog(join(dir, EVENT_LOG_FILE));
    for (const e of runEvents().filter((e) => e.type !== 'run-end')) log.append(e);
    await log.close();
    appendFileSync(join(dir, EVENT_LOG_FILE), '{"type":"replication","t":61000000,"outc');
    const result = await rerender(dir);
    assert.is(result.truncated, true);
    assert.is(result.report.complete, false);
    const summary = JSON.parse(readFileSync(join(dir, SUMMARY_FILE), 'utf8'));
    assert.is(summary.complete, false);
    assert.is(summary.metrics.replication_lag['region=westeurope'].count, 100);
    assert.match(readFileSync(join(dir, MARKDOWN_FILE), 'utf8'), /cut-off line/);
  }));
again.run();
