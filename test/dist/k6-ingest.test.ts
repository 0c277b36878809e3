import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { AbortedError } from '../../src/errors.ts';
import { ingestK6, type K6RunMeta } from '../../src/dist/k6-ingest.ts';
import { readEventLog } from '../../src/events/log.ts';
import { pullErrorEvent } from '../../src/measure/records.ts';
import { rerender } from '../../src/report/files.ts';
import { createHistogram, recordUs } from '../../src/stats/histogram-factory.ts';
import { summarizeMs } from '../../src/stats/percentiles.ts';
import { k6HttpRequest, k6Metric, k6Point, k6Pull, withTmpDir } from './k6-fixtures.ts';

interface Sample {
  worker: string;
  endpoint: string;
  durationMs: number;
  ttfbMs: number;
}

/** Deterministic samples: worker × endpoint, durations spread over two decades (µs precision, as k6 writes). */
function samples(n: number, seed: number): Sample[] {
  let x = seed;
  const next = (): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  const regions = ['eastus', 'japaneast'];
  return Array.from({ length: n }, (_, i) => {
    const worker = regions[i % 2] as string;
    const endpoint = regions[Math.floor(i / 2) % 2] as string;
    const base = worker === endpoint ? 20 : 200;
    const durationMs = Math.round(base * (1 + 9 * next()) * 1000) / 1000;
    return { worker, endpoint, durationMs, ttfbMs: Math.round(durationMs * 0.3 * 1000) / 1000 };
  });
}

function k6Output(list: readonly Sample[], startSecond: number): string {
  const lines = [k6Metric('replbench_pull_duration'), k6Metric('replbench_pull_ttfb'), k6Metric('replbench_pull_bytes', 'counter', 'data')];
  list.forEach((s, i) => {
    const time = new Date(Date.UTC(2026, 10, 22, 9, 0, startSecond) + i * 7).toISOString().replace('Z', '123+00:00');
    lines.push(k6Point('vus', time, 4, null));
    lines.push(...k6Pull({ time, worker: s.worker, endpoint: s.endpoint, durationMs: s.durationMs, ttfbMs: s.ttfbMs, image: `app/img-${i % 3}:v1`, bytes: 4096 }));
  });
  return `${lines.join('\n')}\n`;
}

function expectedSummary(list: readonly Sample[], worker: string, endpoint: string, field: 'durationMs' | 'ttfbMs'): unknown {
  const h = createHistogram();
  for (const s of list) if (s.worker === worker && s.endpoint === endpoint) recordUs(h, Math.round(s[field] * 1000));
  return { unit: 'ms', ...summarizeMs(h) };
}

const META: K6RunMeta = {
  scenario: 'acr-geo',
  origin: 'eastus',
  regions: ['eastus', 'japaneast'],
  thresholds: { 'pull_duration{worker:eastus,endpoint:eastus}': 'p(99)<1s', 'pull_duration{endpoint:japaneast}': 'p(50)<100ms' },
};

type Summary = { runId: string; scenario: string; metrics: Record<string, Record<string, unknown>>; thresholds: { expr: string; ok: boolean }[] };

const ingest = suite('ingestK6');
ingest('reproduces the HDR histograms of the k6 samples, per worker and endpoint', async () => {
  await withTmpDir(async (dir) => {
    const list = samples(400, 7);
    writeFileSync(join(dir, 'k6.json'), k6Output(list, 0));
    const runDir = join(dir, 'run');
    const r = await ingestK6({ inputs: [join(dir, 'k6.json')], runDir, meta: META });
    assert.equal({ source: r.source, pulls: r.pulls, errors: r.errors, unpaired: r.unpaired }, { source: 'replbench', pulls: 400, errors: 0, unpaired: 0 });
    assert.is(r.runId, '20261122T090000Z-acr-geo');
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
    for (const w of ['eastus', 'japaneast']) {
      for (const e of ['eastus', 'japaneast']) {
        assert.equal(summary.metrics.pull_duration?.[`endpoint=${e},worker=${w}`], expectedSummary(list, w, e, 'durationMs'), `duration ${w}→${e}`);
        assert.equal(summary.metrics.pull_ttfb?.[`endpoint=${e},worker=${w}`], expectedSummary(list, w, e, 'ttfbMs'), `ttfb ${w}→${e}`);
      }
    }
    assert.equal(summary.thresholds.map((t) => [t.expr, t.ok]), [
      ['pull_duration{worker:eastus,endpoint:eastus}: p(99)<1s', true],
      ['pull_duration{endpoint:japaneast}: p(50)<100ms', false],
      ['pull_outcome: rate(ok)==1 (default)', true],
    ]);
    assert.ok(readdirSync(runDir).includes('pull_duration.endpoint=japaneast+worker=eastus.hgrm'));
    assert.not.ok(readdirSync(runDir).some((n) => n.endsWith('.tmp')), 'staging files removed');
  });
});
ingest('merges the outputs of several k6 runners into one set of histograms, equal to the histogram of all samples', async () => {
  await withTmpDir(async (dir) => {
    const a = samples(300, 1);
    const b = samples(250, 2);
    writeFileSync(join(dir, 'runner-0.json.gz'), gzipSync(k6Output(a, 0)));
    writeFileSync(join(dir, 'runner-1.json'), k6Output(b, 1));
    const runDir = join(dir, 'run');
    const r = await ingestK6({ inputs: [join(dir, 'runner-0.json.gz'), join(dir, 'runner-1.json')], runDir, meta: META });
    assert.is(r.pulls, 550);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary;
    const all = [...a, ...b];
    assert.equal(summary.metrics.pull_duration?.['endpoint=japaneast,worker=eastus'], expectedSummary(all, 'eastus', 'japaneast', 'durationMs'));
    const counts = Object.values(summary.metrics.pull_duration ?? {}).map((s) => (s as { count: number }).count);
    assert.is(counts.reduce((x, y) => x + y, 0), 550);
  });
});
ingest('writes an event log that replbench report folds again byte-identically', async () => {
  await withTmpDir(async (dir) => {
    writeFileSync(join(dir, 'k6.json'), k6Output(samples(60, 3), 5));
    const runDir = join(dir, 'run');
    await ingestK6({ inputs: [join(dir, 'k6.json')], runDir, meta: META });
    const log = await readEventLog(join(runDir, 'events.jsonl'));
    const types = log.events.map((e) => e.type);
    assert.equal([types[0], types[1], types.at(-2), types.at(-1)], ['run-start', 'phase', 'phase', 'run-end']);
    assert.is(types.filter((t) => t === 'pull').length, 60);
    const start = log.events[0];
    assert.ok(start?.type === 'run-start' && start.startedAt === '2026-11-22T09:00:05.000Z' && start.origin === 'eastus');
    assert.ok(log.events.every((e) => e.t >= 0));
    const before = new Map(readdirSync(runDir).map((n) => [n, readFileSync(join(runDir, n), 'utf8')]));
    await rerender(runDir);
    for (const [name, text] of before) assert.is(readFileSync(join(runDir, name), 'utf8'), text, name);
  });
});
ingest('falls back to k6\'s http_req_duration / http_req_waiting when the output has no replbench samples', async () => {
  await withTmpDir(async (dir) => {
    const t = '2026-11-22T09:00:00.5Z';
    const lines = [
      ...k6HttpRequest(t, { worker: 'eastus', endpoint: 'eastus' }, 30, 10),
      ...k6HttpRequest(t, { worker: 'eastus', endpoint: 'eastus' }, 40, 20),
      ...k6HttpRequest(t, { worker: 'eastus', endpoint: 'eastus', expected_response: 'false', status: '500' }, 5, 4),
    ];
    writeFileSync(join(dir, 'k6.json'), lines.join('\n'));
    const r = await ingestK6({ inputs: [join(dir, 'k6.json')], runDir: join(dir, 'run') });
    assert.equal({ source: r.source, pulls: r.pulls, errors: r.errors }, { source: 'http', pulls: 2, errors: 1 });
    assert.is(r.report.scenario, 'k6');
    assert.equal(r.report.regions, ['eastus']);
    assert.equal(r.report.errors.byCode, { E_REGISTRY: 1 });
    // k6's failed requests are pull outcomes of their worker × endpoint: the default pull_outcome fails the ingest.
    assert.equal(r.report.pullOutcomes['endpoint=eastus,worker=eastus']?.counts, { ok: 2, 'digest-mismatch': 0, error: 1, timeout: 0, stalled: 0, throttled: 0 });
    assert.equal(r.report.thresholds.map((t) => [t.expr, t.ok]), [['pull_outcome: rate(ok)==1 (default)', false]]);
  });
});
ingest('failed pulls become replbench run\'s failed-pull records, counted per series; dropped iterations mark the worker\'s series', async () => {
  await withTmpDir(async (dir) => {
    const t = '2026-11-22T09:00:00.5Z';
    const lines = [
      ...k6Pull({ time: t, worker: 'eastus', endpoint: 'eastus', durationMs: 20, ttfbMs: 5 }),
      ...k6Pull({ time: t, worker: 'eastus', endpoint: 'japaneast', durationMs: 300, ttfbMs: 150 }),
      k6Point('replbench_pull_errors', t, 1, { worker: 'eastus', endpoint: 'japaneast', image: 'app/img-9:v9', phase: 'cold', status: '404', what: 'manifest', k6_error: '1404' }),
      k6Point('replbench_pull_errors', t, 1, { worker: 'eastus', endpoint: 'japaneast', image: 'app/img-8:v8', phase: 'warm', status: '404', what: 'manifest', k6_error: '1404' }),
      k6Point('replbench_pull_errors', t, 1, { worker: 'japaneast', endpoint: 'eastus', image: 'app/img-1:v1', phase: 'warm', status: '0', what: 'blob', k6_error: '1211' }),
      ...k6Pull({ time: t, worker: 'japaneast', endpoint: 'eastus', durationMs: 310, ttfbMs: 150 }),
      k6Point('dropped_iterations', t, 1, { scenario: 'pull_japaneast', worker: 'japaneast' }),
      k6Point('dropped_iterations', t, 1, { scenario: 'pull_japaneast', worker: 'japaneast' }),
    ];
    writeFileSync(join(dir, 'k6.json'), lines.join('\n'));
    const runDir = join(dir, 'run');
    const r = await ingestK6({ inputs: [join(dir, 'k6.json')], runDir, meta: META });
    assert.equal({ pulls: r.pulls, errors: r.errors, dropped: r.dropped }, { pulls: 3, errors: 3, dropped: { japaneast: 2 } });
    const log = await readEventLog(join(runDir, 'events.jsonl'));
    const failures = log.events.filter((e) => e.type === 'error');
    assert.equal(failures[0], pullErrorEvent(
      { outcome: 'failed', worker: 'eastus', endpoint: 'japaneast', image: 'app/img-9:v9', phase: 'cold', startedAtMs: 0, code: 'E_REGISTRY', message: 'k6: the manifest answered 404' },
      failures[0]?.t ?? -1,
    ));
    assert.ok(failures.every((e) => e.type === 'error' && e.phase === 'pull'));
    assert.equal(log.events.filter((e) => e.type === 'dropped-arrivals').map((e) => e.type === 'dropped-arrivals' && [e.labels.worker, e.count]), [['japaneast', 2]]);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as Summary & { droppedArrivals: unknown; outcomes: { pull: Record<string, Record<string, number>> } };
    assert.equal(summary.droppedArrivals, { japaneast: 2 });
    assert.equal(summary.outcomes.pull['endpoint=eastus,worker=japaneast'], { ok: 1, 'digest-mismatch': 0, error: 1, timeout: 0, stalled: 0, throttled: 0 });
    assert.equal(summary.outcomes.pull['endpoint=japaneast,worker=eastus'], { ok: 1, 'digest-mismatch': 0, error: 2, timeout: 0, stalled: 0, throttled: 0 });
    assert.is((summary.metrics.pull_duration?.['endpoint=eastus,worker=japaneast'] as { lostArrivals?: number }).lostArrivals, 2);
    assert.is((summary.metrics.pull_duration?.['endpoint=eastus,worker=eastus'] as { lostArrivals?: number }).lostArrivals, undefined);
    const md = readFileSync(join(runDir, 'report.md'), 'utf8');
    assert.match(md, /## Pull outcomes\n\n\| worker \| endpoint \| ok \| digest-mismatch \| error \| timeout \| stalled \| throttled \|\n[^\n]*\n\| eastus \| eastus \| 1 \| 0 \| 0 \| 0 \| 0 \| 0 \|/);
    assert.match(md, /3 pulls failed \(their codes are under Errors\)/);
    assert.match(md, /E_UNREACHABLE \| 1/);
    assert.match(md, /## Dropped arrivals\n\n\| worker \| pulls never started \|\n[^\n]*\n\| japaneast \| \*\*2\*\* \|/);
    assert.match(md, /\(lost arrivals\)/);
    assert.not.match(md, /Replication|No artifact was seen replicated/, 'a k6 run only pulls: no replication sections');
    assert.not.match(readFileSync(join(runDir, 'report.html'), 'utf8'), /No artifact was seen replicated|Replication outcomes/);
    assert.match(readFileSync(join(runDir, 'report.html'), 'utf8'), /Pull outcomes[\s\S]*Dropped arrivals/);
  });
});
ingest('refuses to overwrite a run unless asked', async () => {
  await withTmpDir(async (dir) => {
    writeFileSync(join(dir, 'k6.json'), k6Output(samples(4, 1), 0));
    const opts = { inputs: [join(dir, 'k6.json')], runDir: join(dir, 'run') };
    await ingestK6(opts);
    try {
      await ingestK6(opts);
      assert.unreachable('should have thrown');
    } catch (err: unknown) {
      assert.match((err as Error).message, /already holds events\.jsonl/);
    }
    const again = await ingestK6({ ...opts, overwrite: true, runId: 'second' });
    assert.is(again.runId, 'second');
    assert.is((await readEventLog(join(dir, 'run', 'events.jsonl'))).events.filter((e) => e.type === 'run-start').length, 1);
  });
});
ingest('an output without usable samples is a ConfigError that says what was expected', async () => {
  await withTmpDir(async (dir) => {
    const cases: [string, RegExp][] = [
      ['', /empty, expected k6 JSON output/],
      ['not json\nat all\n', /not k6 JSON output \(.*:1: not a JSON object\)/],
      [k6HttpRequest('2026-11-22T09:00:00Z', {}, 1, 1).join('\n'), /tagged worker and endpoint, found none; 2 points had no worker\/endpoint tags/],
    ];
    for (const [text, message] of cases) {
      writeFileSync(join(dir, 'k6.json'), text);
      try {
        await ingestK6({ inputs: [join(dir, 'k6.json')], runDir: join(dir, 'run'), overwrite: true });
        assert.unreachable('should have thrown');
      } catch (err: unknown) {
        assert.match((err as Error).message, message);
        assert.is((err as { code?: string }).code, 'E_CONFIG');
      }
    }
  });
});
ingest('stopped before a sample was read: an AbortedError, nothing written; aborted while logging: run-end complete: false and the reports', async () => {
  await withTmpDir(async (dir) => {
    writeFileSync(join(dir, 'k6.json'), k6Output(samples(40, 3), 0));
    const stopped = new AbortController();
    stopped.abort('interrupted (SIGTERM)');
    try {
      await ingestK6({ inputs: [join(dir, 'k6.json')], runDir: join(dir, 'none'), meta: META, signal: stopped.signal });
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.instance(e, AbortedError);
      assert.match((e as Error).message, /k6 ingest interrupted \(SIGTERM\) before any pull sample was read: nothing written/);
    }
    assert.not.ok(readdirSync(join(dir, 'none')).includes('events.jsonl'));
    // The second signal while logging: no pull record is written, run-end says why, every report follows.
    const aborted = new AbortController();
    aborted.abort('interrupted again (SIGTERM)');
    const runDir = join(dir, 'cut');
    const r = await ingestK6({ inputs: [join(dir, 'k6.json')], runDir, meta: META, abortSignal: aborted.signal });
    const { events } = await readEventLog(join(runDir, 'events.jsonl'));
    assert.is(events.filter((e) => e.type === 'pull').length, 0);
    const end = events.find((e) => e.type === 'run-end');
    assert.equal(end?.type === 'run-end' ? [end.complete, end.interrupted] : [], [false, 'k6 ingest interrupted again (SIGTERM): the samples read were logged in part']);
    assert.is(r.report.complete, false);
    assert.ok(readdirSync(runDir).includes('summary.json'));
  });
});

ingest.run();
