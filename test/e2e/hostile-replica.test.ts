/**
 * `replbench run` against an oci target whose second replica is hostile
 * (test/helpers/hostile-replica.ts): origin `a` is a fake registry, replica
 * `b` serves the same content instantly but misbehaves one way per case. No
 * lying or corrupt replica may produce a passing run or a lag figure: each
 * case asserts the outcome that names the cause, the message, and the exit code.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/capture-io.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { startHostileReplica, type ReplicaMode } from '../helpers/hostile-replica.ts';
import { tinyScenarioDoc, type Doc } from '../run/tiny-scenario.ts';
import { readRun, withReportsDir } from './e2e-helpers.ts';

interface Outcome {
  readonly code: number;
  readonly out: string;
  readonly err: string;
  readonly summary?: Record<string, unknown> & { outcomes: { replication: Record<string, Record<string, unknown>>; pull: Record<string, Record<string, number>> } } | undefined;
  readonly events?: Awaited<ReturnType<typeof readRun>>['events'];
}

async function runAgainst(mode: ReplicaMode, extra: Doc = {}): Promise<Outcome> {
  const origin = await startFakeRegistry();
  const replica = await startHostileReplica(origin, mode);
  try {
    return await withReportsDir(async (reports) => {
      const doc = tinyScenarioDoc({
        target: { kind: 'oci', regions: [{ name: 'a', endpoint: origin.origin, insecure: true }, { name: 'b', endpoint: replica.origin, insecure: true }] },
        replication: { probe: 'manifest+blobs', schedule: 'adaptive', interval: '10ms', timeout: '3s' },
        thresholds: { replication_outcome: ['rate(replicated)==1'] },
        ...extra,
      });
      const file = join(reports, 'scenario.json');
      await writeFile(file, JSON.stringify(doc));
      const io = captureIo();
      const code = await main(['run', file, '--reports-dir', reports], io);
      const written = await readFile(join(reports, 'latest', 'summary.json'), 'utf8').then(() => true, () => false);
      if (!written) return { code, out: io.out(), err: io.err() };
      const { summary, events } = await readRun(reports);
      return { code, out: io.out(), err: io.err(), summary: summary as unknown as Outcome['summary'], events };
    });
  } finally {
    await replica.close();
    await origin.close();
  }
}

const lagOf = (o: Outcome, region: string): unknown => (o.summary?.metrics as Record<string, Record<string, unknown>> | undefined)?.replication_lag?.[`region=${region}`];

const hostile = suite('e2e: a hostile replica fails the run');

hostile('honest replica: replicated, confirmed (1 + blobs requests per artifact), every pull ok, exit 0', async () => {
  const o = await runAgainst('honest');
  assert.is(o.code, 0, `${o.out}\n${o.err}`);
  const b = o.summary?.outcomes.replication.b as { replicated: number; confirm: { artifacts: number; requests: number } };
  assert.is(b.replicated, 3);
  // tiny images: a config and one layer → a manifest GET and two Range GETs.
  assert.equal([b.confirm.artifacts, b.confirm.requests], [3, 9]);
  for (const p of Object.values(o.summary?.outcomes.pull ?? {})) assert.is(p.ok, 6);
});

hostile('HEAD 200 to everything, GET 404: inconsistent (head-lies) by the canary, no lag, no pulls from it, exit 99', async () => {
  const o = await runAgainst('head-lies');
  assert.is(o.code, 99, `${o.out}\n${o.err}`);
  assert.equal(o.summary?.outcomes.replication.b, { replicated: 0, timedOut: 0, errored: 0, inconsistent: 3, inconsistentBy: { 'head-lies': 3 } });
  assert.is(lagOf(o, 'b'), undefined);
  assert.match(o.err, /replication_outcome: rate\(replicated\)==1/);
  const canary = o.events?.find((e) => e.type === 'error' && e.code === 'E_HEAD_UNTRUSTED');
  assert.ok(canary !== undefined && canary.type === 'error' && /answered present to a HEAD of .* never pushed/.test(canary.message));
  assert.ok(!(o.events ?? []).some((e) => e.type === 'pull' && e.labels.endpoint === 'b'));
});

hostile('HEAD sizes that are not the descriptors: inconsistent (size-mismatch), exit 99', async () => {
  const o = await runAgainst('size-lies');
  assert.is(o.code, 99, `${o.out}\n${o.err}`);
  assert.equal((o.summary?.outcomes.replication.b as { inconsistentBy?: unknown }).inconsistentBy, { 'size-mismatch': 3 });
  assert.is(lagOf(o, 'b'), undefined);
  const r = o.events?.find((e) => e.type === 'replication' && e.labels.region === 'b');
  assert.ok(r !== undefined && r.type === 'replication' && r.outcome === 'inconsistent' && /^size-mismatch: .*HEAD said 1234 bytes/.test(r.reason), JSON.stringify(r));
});

hostile('a redirect loop on every blob: inconsistent (blob-unreadable), exit 99', async () => {
  const o = await runAgainst('redirect-loop');
  assert.is(o.code, 99, `${o.out}\n${o.err}`);
  assert.equal((o.summary?.outcomes.replication.b as { inconsistentBy?: unknown }).inconsistentBy, { 'blob-unreadable': 3 });
  const r = o.events?.find((e) => e.type === 'replication' && e.labels.region === 'b');
  assert.ok(r !== undefined && r.type === 'replication' && /more than 5 redirects/.test(r.type === 'replication' && r.outcome !== 'replicated' ? r.reason : ''), JSON.stringify(r));
});

hostile('corrupt blobs (right size, wrong bytes): the confirm passes, every pull from it is digest-mismatch, so no lag and inconsistent; exit 99', async () => {
  const o = await runAgainst('corrupt-blobs');
  assert.is(o.code, 99, `${o.out}\n${o.err}`);
  assert.is(lagOf(o, 'b'), undefined);
  assert.equal((o.summary?.outcomes.replication.b as { inconsistentBy?: unknown }).inconsistentBy, { 'blob-unreadable': 3 });
  const pulls = o.summary?.outcomes.pull ?? {};
  assert.is(pulls['endpoint=b,worker=a']?.['digest-mismatch'], 6);
  assert.is(pulls['endpoint=b,worker=a']?.ok, 0);
  assert.is(pulls['endpoint=a,worker=a']?.ok, 6);
  assert.match(o.err, /pull_outcome: rate\(ok\)==1 \(default\)/);
  assert.match(o.out, /digest-mismatch/);
  // A scenario that says what it tolerates passes.
  const tolerant = await runAgainst('corrupt-blobs', { thresholds: { replication_outcome: ['count(inconsistent)<=3'], pull_outcome: ['count(digest-mismatch)<=12'] } });
  assert.is(tolerant.code, 0, `${tolerant.out}\n${tolerant.err}`);
});

hostile('a replica refusing the credentials for the whole run: exit 3 naming it', async () => {
  const o = await runAgainst('refuse-auth');
  assert.is(o.code, 3, `${o.out}\n${o.err}`);
  assert.match(o.err, /the replica b refused the credentials for the entire run \(3 of 3 watches\)/);
});

hostile('a replica that never answers: watches end at their timeout (probes aborted, counted), exit 3 naming it', async () => {
  const started = Date.now();
  const o = await runAgainst('black-hole', { replication: { probe: 'manifest+blobs', schedule: 'adaptive', interval: '10ms', timeout: '1s' } });
  assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  assert.is(o.code, 3, `${o.out}\n${o.err}`);
  assert.match(o.err, /the replica b could not be reached for the entire run/);
  const r = o.events?.find((e) => e.type === 'replication' && e.labels.region === 'b');
  assert.ok(r !== undefined && r.type === 'replication' && r.outcome === 'timed-out' && /still unanswered at the timeout \(aborted\)/.test(r.reason), JSON.stringify(r));
});

hostile('an origin answering 429 / 503 to GET /v2/: throttled / unavailable with Retry-After, exit 3', async () => {
  const origin = await startFakeRegistry();
  for (const [mode, text] of [['throttle-ping', /the origin a \(http:\/\/127\.0\.0\.1:\d+\) is throttling \(HTTP 429 to GET \/v2\/, Retry-After 30 s\)/], ['unavailable-ping', /is unavailable \(HTTP 503 to GET \/v2\/, Retry-After 7 s\)/]] as const) {
    const bad = await startHostileReplica(origin, mode);
    try {
      await withReportsDir(async (reports) => {
        const file = join(reports, 'scenario.json');
        await writeFile(file, JSON.stringify(tinyScenarioDoc({ target: { kind: 'oci', regions: [{ name: 'a', endpoint: bad.origin, insecure: true }, { name: 'b', endpoint: origin.origin, insecure: true }] } })));
        const io = captureIo();
        assert.is(await main(['run', file, '--reports-dir', reports], io), 3);
        assert.match(io.err(), text);
        assert.not.match(io.err(), /not an OCI registry endpoint/);
      });
    } finally {
      await bad.close();
    }
  }
  await origin.close();
});

hostile.run();
