import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rerender } from '../../src/report/files.ts';
import { readEventLog } from '../../src/events/log.ts';
import type { ReplEvent } from '../../src/events/index.ts';
import type { ProgressSnapshot } from '../../src/run/progress.ts';
import { runScenario } from '../../src/run/runner.ts';
import { freePort } from '../helpers/free-port.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { TINY_LAG_MS, tinyScenario, tinyScenarioDoc } from './tiny-scenario.ts';

const run = suite('runScenario');

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-runner-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function digests(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of (await readdir(dir)).sort()) out.set(name, createHash('sha256').update(await readFile(join(dir, name))).digest('hex'));
  return out;
}

const ofType = <T extends ReplEvent['type']>(events: readonly ReplEvent[], type: T): Extract<ReplEvent, { type: T }>[] =>
  events.filter((e): e is Extract<ReplEvent, { type: T }> => e.type === type);

run('a tiny lab run: every measurement logged, reports written, lag within its bound of the ground truth', async () => {
  await withTempDir(async (reports) => {
    const result = await runScenario(tinyScenario(), { reportsDir: reports });
    assert.ok(result.complete);
    assert.is(result.error, undefined);
    assert.match(result.runId, /^\d{8}T\d{6}Z-tiny$/);
    assert.is(await readlink(join(reports, 'latest')), result.runId);

    const { events } = await readEventLog(join(result.runDir, 'events.jsonl'));
    assert.is(events[0]?.type, 'run-start');
    assert.is(events.at(-1)?.type, 'run-end');
    assert.is(ofType(events, 'push').length, 3);
    const reps = ofType(events, 'replication');
    assert.is(reps.length, 3);
    // 2 workers × 2 endpoints × 3 images × (cold + warm)
    assert.is(ofType(events, 'pull').length, 24);
    for (const r of reps) {
      assert.is(r.outcome, 'replicated');
      if (r.outcome !== 'replicated' || r.truthUs === undefined) throw new Error('expected a replicated record with ground truth');
      const slackUs = 2_000; // rounding and the lab's timer granularity
      assert.ok(Math.abs(r.valueUs - r.truthUs) <= r.uncertaintyUs + slackUs, `lag ${r.valueUs} µs ± ${r.uncertaintyUs} vs truth ${r.truthUs}`);
      assert.ok(r.truthUs >= TINY_LAG_MS * 1000, `truth ${r.truthUs} µs includes the ${TINY_LAG_MS} ms lag`);
    }

    const summary = JSON.parse(await readFile(join(result.runDir, 'summary.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(Object.keys(summary), ['schemaVersion', 'runId', 'scenario', 'complete', 'startedAt', 'finishedAt', 'origin', 'regions', 'metrics', 'outcomes', 'gains', 'gainComponents', 'accuracy', 'health', 'thresholds']);
    assert.is(summary.schemaVersion, 1);
    assert.is(summary.complete, true);
    assert.equal(summary.regions, ['a', 'b']);
    const metrics = summary.metrics as Record<string, Record<string, { unit: string; count: number }>>;
    assert.equal(Object.keys(metrics.replication_lag ?? {}), ['region=b']);
    assert.is(metrics.pull_duration?.['endpoint=b,worker=a']?.count, 6);
    assert.is(metrics.push_duration?.['region=a']?.unit, 'ms');
    assert.equal((summary.outcomes as { replication: unknown }).replication, { b: { replicated: 3, timedOut: 0, errored: 0, inconsistent: 0, confirm: (summary.outcomes as { replication: { b: { confirm: unknown } } }).replication.b.confirm } });
    assert.ok(typeof (summary.accuracy as Record<string, { meanProbes: number }>).b?.meanProbes === 'number');
    assert.equal((summary.thresholds as { ok: boolean }[]).map((t) => t.ok), [true, true, true]);
    assert.is((summary.thresholds as { expr: string }[])[2]?.expr, 'pull_outcome: rate(ok)==1 (default)');

    // report.formats [json, md]: the run directory holds exactly those (and the event log).
    assert.equal((await readdir(result.runDir)).sort(), ['events.jsonl', 'report.md', 'summary.json']);
    assert.equal([...result.files], ['summary.json', 'report.md']);

    const before = await digests(result.runDir);
    await rerender(result.runDir);
    assert.equal(await digests(result.runDir), before, 'report re-renders byte-identical');
  });
});

run('lab data endpoints: every redirected blob download is a pull_redirect sample, a replica served from far away is flagged', async () => {
  await withTempDir(async (reports) => {
    const doc = tinyScenarioDoc();
    const target = { ...(doc.target as Record<string, unknown>), dataEndpoints: true, faults: [{ kind: 'wrong-storage', region: 'b', storage: 'a' }] };
    const result = await runScenario(resolveScenario({ ...doc, target }), { reportsDir: reports });
    assert.ok(result.complete);
    const { events } = await readEventLog(join(result.runDir, 'events.jsonl'));
    const redirects = ofType(events, 'pull-redirect');
    // 24 pulls (see above) × 2 blobs (config + 1 layer), each redirected once
    assert.is(redirects.length, 48);
    for (const e of redirects) {
      assert.is(e.labels.storage, 'a', 'a serves its own blobs; the fault sends b\'s to a');
      assert.is(e.outOfRegion, e.labels.endpoint === 'b');
      assert.not.match(e.host, /sig|\?/);
    }
    const far = redirects.filter((e) => e.labels.worker === 'a' && e.labels.endpoint === 'b');
    assert.ok(far.every((e) => e.valueUs >= 7_500), 'the redirect hop from a to b pays the 8 ms link');
    const servedFar = redirects.filter((e) => e.labels.worker === 'b' && e.labels.endpoint === 'b');
    assert.ok(servedFar.every((e) => e.storageUs >= 7_500), 'b\'s local replica sends b to a\'s storage, across the 8 ms link');
    assert.equal(result.report.series.filter((x) => x.metric === 'pull_redirect').map((x) => x.key), [
      'endpoint=a,storage=a,worker=a', 'endpoint=a,storage=a,worker=b', 'endpoint=b,storage=a,worker=a', 'endpoint=b,storage=a,worker=b',
    ]);
    const summary = JSON.parse(await readFile(join(result.runDir, 'summary.json'), 'utf8')) as { pullRedirects: Record<string, { redirected: number; outOfRegion: number; flag?: string }> };
    assert.equal([summary.pullRedirects.a?.redirected, summary.pullRedirects.a?.outOfRegion, summary.pullRedirects.a?.flag], [24, 0, undefined]);
    assert.equal([summary.pullRedirects.b?.redirected, summary.pullRedirects.b?.outOfRegion], [24, 24]);
    assert.match(summary.pullRedirects.b?.flag ?? '', /^b: 24 of 24 redirected blob downloads came from storage outside the region — 127\.0\.0\.1:\d+ \(a\)/);
    const md = await readFile(join(result.runDir, 'report.md'), 'utf8');
    assert.match(md, /## Blob redirects \(pull_redirect\)/);
    assert.match(md, /:warning: b: 24 of 24/);
  });
});

run('a failing threshold is reported as failed, with the series and the actual value', async () => {
  await withTempDir(async (reports) => {
    const result = await runScenario(tinyScenario({ thresholds: { 'replication_lag{region:b}': ['p(50)<1ms'] }, pull: { workers: ['a'], endpoints: 'local' } }), { reportsDir: reports });
    const [t] = result.report.thresholds;
    assert.is(t?.ok, false);
    assert.is(t?.series, 'region=b');
    assert.ok(t?.actual !== null && t?.unit === 'ms');
  });
});

run('a stop mid-run: work in flight finishes, no pull starts, complete: false, nothing measured is lost', async () => {
  await withTempDir(async (reports) => {
    const stop = new AbortController();
    let last: ProgressSnapshot | undefined;
    const result = await runScenario(tinyScenario({ workload: { images: 6, repository: 'tiny/app-{i}', layers: 1, layerSize: '16KiB', pushConcurrency: 1, pushRate: '10/s' } }), {
      reportsDir: reports,
      signal: stop.signal,
      graceMs: 2_000,
      onProgress: (e) => {
        if (e.kind === 'update' || e.kind === 'phase-end') last = e.snapshot;
        if (e.kind === 'update' && e.snapshot.push.done >= 2) stop.abort('interrupted (test)');
      },
    });
    assert.is(result.complete, false);
    assert.is(result.interrupted, 'interrupted (test)');
    const summary = JSON.parse(await readFile(join(result.runDir, 'summary.json'), 'utf8')) as { complete: boolean };
    assert.is(summary.complete, false);
    const { events } = await readEventLog(join(result.runDir, 'events.jsonl'));
    const pushes = ofType(events, 'push').length;
    assert.ok(pushes >= 2 && pushes < 6, `${pushes} pushes`);
    assert.is(pushes, last?.push.done);
    assert.is(ofType(events, 'replication').length + ofType(events, 'error').filter((e) => e.phase === 'watch').length, last?.watch.b?.settled);
    assert.is(ofType(events, 'pull').length, 0);
    const end = events.at(-1);
    assert.ok(end?.type === 'run-end' && end.complete === false);
  });
});

run('an abort cancels watches in flight at once and still writes the reports', async () => {
  await withTempDir(async (reports) => {
    const abort = new AbortController();
    const scenario = tinyScenario({
      target: { kind: 'lab', regions: [{ name: 'a' }, { name: 'b' }], faults: [{ kind: 'stall', region: 'b' }] },
      replication: { interval: '10ms', timeout: '30s' },
    });
    const result = await runScenario(scenario, {
      reportsDir: reports,
      abortSignal: abort.signal,
      onProgress: (e) => {
        if (e.kind === 'update' && e.snapshot.push.done === 3) setTimeout(() => abort.abort('aborted (test)'), 200);
      },
    });
    assert.is(result.complete, false);
    const { events } = await readEventLog(join(result.runDir, 'events.jsonl'));
    assert.is(ofType(events, 'push').length, 3);
    const cancelled = ofType(events, 'error').filter((e) => e.phase === 'watch' && e.code === 'E_ABORTED');
    assert.is(cancelled.length, 3);
    assert.ok((await readdir(result.runDir)).includes('report.md'));
  });
});

run('a lab thread that dies mid-run: the run ends at once, unreachable (exit 3), with the reports and everything measured before', async () => {
  await withTempDir(async (reports) => {
    const control = await freePort();
    const scenario = tinyScenario({
      target: { kind: 'lab', seed: 1, regions: [{ name: 'a' }, { name: 'b' }], ports: { control }, replication: { lag: { model: 'constant', lag: '2s' } } },
      workload: { images: 6, repository: 'tiny/app-{i}', layers: 1, layerSize: '16KiB', pushConcurrency: 1, pushRate: '20/s' },
      replication: { interval: '10ms', timeout: '30s' },
    });
    let crashed = false;
    const started = performance.now();
    const result = await runScenario(scenario, {
      reportsDir: reports,
      onProgress: (e) => {
        if (crashed || e.kind !== 'update' || e.snapshot.push.done < 3) return;
        crashed = true;
        void fetch(`http://127.0.0.1:${control}/crash`, { method: 'POST' }).then((r) => r.body?.cancel());
      },
    });
    // Watches had 30 s and a 2 s lag to wait for: ending well before either means the death ended them.
    assert.ok(performance.now() - started < 15_000, `${Math.round(performance.now() - started)} ms`);
    assert.is(result.complete, false);
    assert.ok(result.error instanceof Error && (result.error as { code?: string }).code === 'E_UNREACHABLE', String(result.error));
    assert.match(String((result.error as Error).message), /the embedded lab stopped mid-run \(the lab thread exited with code 70\)/);
    const { events } = await readEventLog(join(result.runDir, 'events.jsonl'));
    assert.ok(ofType(events, 'push').length >= 3);
    assert.is(ofType(events, 'error').filter((e) => e.phase === 'lab' && e.code === 'E_UNREACHABLE').length, 1);
    assert.is(ofType(events, 'replication').filter((e) => e.outcome === 'replicated').length, 0);
    const end = events.at(-1);
    assert.ok(end?.type === 'run-end' && end.complete === false);
    assert.ok((await readdir(result.runDir)).includes('report.md'));
  });
});

run('an origin that cannot be reached throws before any run directory exists', async () => {
  await withTempDir(async (reports) => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const scenario = tinyScenario({ target: { kind: 'oci', regions: [{ name: 'a', endpoint: closed, insecure: true }, { name: 'b', endpoint: closed, insecure: true }] } });
    try {
      await runScenario(scenario, { reportsDir: reports });
      assert.unreachable('expected an UnreachableError');
    } catch (err) {
      assert.is((err as { code?: string }).code, 'E_UNREACHABLE');
      assert.match((err as Error).message, /origin a/);
    }
    assert.equal(await readdir(reports).catch(() => []), []);
  });
});

run.run();
