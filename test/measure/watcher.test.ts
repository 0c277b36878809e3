import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { fitLagPrior } from '../../src/measure/lag-prior.ts';
import { DEFAULT_SCHEDULE, withPrior, type ProbeSchedule } from '../../src/measure/probe-schedule.ts';
import { fixedLink, SimulatedReplica, type SimulatedArtifact, type SimulatedFault } from '../../src/measure/simulated-replica.ts';
import { VirtualClock } from '../../src/time/virtual-clock.ts';
import { backoffMs, DEADLINE_SLACK_MS, watchReplication } from '../../src/measure/watcher.ts';
import type { Prober, ProbeMode, WatchOptions, WatchResult } from '../../src/measure/watch-types.ts';

const D = `sha256:${'d'.repeat(64)}`;
const OLD = `sha256:${'0'.repeat(64)}`;
const CONFIG = `sha256:${'c'.repeat(64)}`;
const LAYER = `sha256:${'1'.repeat(64)}`;
const COMMIT_MS = 10_000;

interface Setup {
  readonly lagMs: number;
  readonly owdMs?: number;
  /** Blob digest → arrival offset from the commit point (default: with the manifest). */
  readonly blobsAtOffsetMs?: Readonly<Record<string, number>>;
  readonly tag?: string;
  readonly tagAtOffsetMs?: number;
  readonly previousTagDigest?: string;
  readonly fault?: (req: { kind: string; n: number; atMs: number }) => SimulatedFault | undefined;
  readonly schedule?: ProbeSchedule;
  readonly timeoutMs?: number;
  readonly probe?: ProbeMode;
  readonly extra?: Partial<WatchOptions>;
  /** Wraps the simulated replica (a confirm step, a prober that hangs). */
  readonly wrap?: (replica: SimulatedReplica, clock: VirtualClock) => Prober;
}

async function watch(s: Setup): Promise<{ result: WatchResult; replica: SimulatedReplica; clock: VirtualClock }> {
  const clock = new VirtualClock({ startMs: COMMIT_MS });
  const owd = s.owdMs ?? 0.5;
  const at = (offset: number): number => COMMIT_MS + offset;
  const artifact: SimulatedArtifact = {
    repo: 'app',
    digest: D,
    manifestAtMs: at(s.lagMs),
    ...(s.tag !== undefined ? { tag: s.tag } : {}),
    ...(s.tagAtOffsetMs !== undefined ? { tagAtMs: at(s.tagAtOffsetMs) } : {}),
    ...(s.previousTagDigest !== undefined ? { previousTagDigest: s.previousTagDigest } : {}),
    blobsAtMs: Object.fromEntries(Object.entries(s.blobsAtOffsetMs ?? {}).map(([d, o]) => [d, at(o)])),
  };
  const replica = new SimulatedReplica({ clock, link: fixedLink(owd), artifacts: [artifact], ...(s.fault ? { fault: s.fault } : {}) });
  const result = await clock.run(
    watchReplication({
      client: s.wrap ? s.wrap(replica, clock) : replica,
      repo: 'app',
      digest: D,
      ...(s.tag !== undefined ? { tag: s.tag } : {}),
      blobs: Object.keys(s.blobsAtOffsetMs ?? {}),
      commitAtMs: COMMIT_MS,
      oneWayDelayMs: owd,
      timeoutMs: s.timeoutMs ?? 120_000,
      probe: s.probe ?? 'manifest+blobs',
      ...(s.schedule ? { schedule: s.schedule } : {}),
      now: clock.now,
      sleep: clock.sleep,
      ...s.extra,
    }),
  );
  return { result, replica, clock };
}

function replicated(r: WatchResult): Extract<WatchResult, { outcome: 'replicated' }> {
  if (r.outcome !== 'replicated') throw new Error(`expected replicated, got ${JSON.stringify(r)}`);
  return r;
}

const LAGS_MS = [100, 137, 250, 500, 1_000, 2_000, 2_345, 5_000, 10_000, 30_000, 60_000];
const goal = (lagMs: number): number => 10 + 0.02 * lagMs;

const accuracy = suite('watchReplication: accuracy');
accuracy('lag within its uncertainty, uncertainty within 10 ms + 2% of the lag, 100 ms … 60 s', async () => {
  for (const lagMs of LAGS_MS) {
    for (const phase of [0, 0.3, 0.71]) {
      const truth = lagMs + phase * 7;
      const r = replicated((await watch({ lagMs: truth, probe: 'manifest' })).result);
      assert.ok(Math.abs(r.lagMs - truth) <= r.uncertaintyMs + 1e-9, `lag ${r.lagMs} ± ${r.uncertaintyMs} vs truth ${truth}`);
      assert.ok(r.uncertaintyMs <= goal(truth), `uncertainty ${r.uncertaintyMs} at ${truth}`);
      assert.ok(r.lastMissAtMs <= COMMIT_MS + truth && COMMIT_MS + truth <= r.firstHitAtMs + 1e-9);
    }
  }
});
accuracy('a long RTT is corrected: same accuracy with a 75 ms one-way delay (probes overlap)', async () => {
  for (const lagMs of [150, 2_000, 20_000]) {
    const r = replicated((await watch({ lagMs, owdMs: 75, probe: 'manifest' })).result);
    assert.ok(Math.abs(r.lagMs - lagMs) <= r.uncertaintyMs + 1e-9);
    assert.ok(r.uncertaintyMs <= goal(lagMs), `uncertainty ${r.uncertaintyMs} at ${lagMs}`);
  }
});
accuracy('without overlapping probes a long RTT widens the bracket (maxInFlight 1)', async () => {
  const r = replicated((await watch({ lagMs: 2_000, owdMs: 75, probe: 'manifest', extra: { maxInFlight: 1 } })).result);
  assert.ok(Math.abs(r.lagMs - 2_000) <= r.uncertaintyMs + 1e-9);
  assert.ok(r.uncertaintyMs > 60, `uncertainty ${r.uncertaintyMs}`);
});
accuracy('commitOneWayDelayMs moves the commit point back (the origin committed before its 201 arrived)', async () => {
  const r = replicated((await watch({ lagMs: 1_000, probe: 'manifest', extra: { commitOneWayDelayMs: 40 } })).result);
  assert.ok(Math.abs(r.lagMs - 1_040) <= r.uncertaintyMs + 1e-9, `${r.lagMs} ± ${r.uncertaintyMs}`);
  assert.ok(r.lagMs > 1_000 - r.uncertaintyMs);
});
accuracy('fixed schedule: the bracket is one interval', async () => {
  const r = replicated((await watch({ lagMs: 1_234, probe: 'manifest', schedule: { kind: 'fixed', intervalMs: 100 } })).result);
  assert.is(r.probes, 13);
  assert.ok(Math.abs(r.uncertaintyMs - 50) < 1e-9);
  assert.ok(Math.abs(r.lagMs - 1_234) <= 50);
});
accuracy.run();

const probes = suite('watchReplication: probe counts');
probes('cold: about 48 probes for 2 s; with a prior of similar lags at most 30', async () => {
  const cold = replicated((await watch({ lagMs: 2_000, probe: 'manifest' })).result);
  assert.ok(cold.probes >= 40 && cold.probes <= 52, `cold ${cold.probes}`);
  const prior = fitLagPrior([1_500, 1_700, 1_900, 2_000, 2_100, 2_300, 2_600, 3_000])!;
  const warm = replicated((await watch({ lagMs: 2_000, probe: 'manifest', schedule: withPrior(DEFAULT_SCHEDULE, prior) })).result);
  assert.ok(warm.probes <= 30, `warm ${warm.probes}`);
  assert.ok(Math.abs(warm.lagMs - 2_000) <= warm.uncertaintyMs + 1e-9);
});
probes('every HEAD counts: manifest probes plus one per blob', async () => {
  const m = replicated((await watch({ lagMs: 700, probe: 'manifest' })).result);
  const mb = replicated((await watch({ lagMs: 700, blobsAtOffsetMs: { [CONFIG]: 0, [LAYER]: 0 } })).result);
  assert.is(mb.probes, m.probes + 2);
  const { replica } = await watch({ lagMs: 700, blobsAtOffsetMs: { [CONFIG]: 0, [LAYER]: 0 } });
  assert.is(replica.requests.length, mb.probes);
});
probes('duplicate blob digests are probed once; manifest mode ignores blobs', async () => {
  const { result, replica } = await watch({ lagMs: 300, blobsAtOffsetMs: { [CONFIG]: 0 }, extra: { blobs: [CONFIG, CONFIG] } });
  assert.is(replica.requests.filter((q) => q.kind === 'blob').length, 1);
  assert.is(result.outcome, 'replicated');
  const m = await watch({ lagMs: 300, probe: 'manifest', blobsAtOffsetMs: { [CONFIG]: 99_999 } });
  assert.is(m.replica.requests.filter((q) => q.kind === 'blob').length, 0);
  assert.is(m.result.outcome, 'replicated');
});
probes.run();

const faults = suite('watchReplication: 429 and errors');
faults('429 is counted, never a miss or a hit, and Retry-After is honoured', async () => {
  const { result, replica } = await watch({
    lagMs: 2_000,
    probe: 'manifest',
    fault: ({ atMs }) => (atMs >= COMMIT_MS + 1_900 && atMs < COMMIT_MS + 2_100 ? { kind: 'throttle', retryAfterMs: 500 } : undefined),
  });
  const r = replicated(result);
  assert.ok(r.throttled >= 1);
  assert.ok(Math.abs(r.lagMs - 2_000) <= r.uncertaintyMs + 1e-9);
  assert.ok(r.lastMissAtMs < COMMIT_MS + 1_900 + 1, 'the bracket stays open across the 429s');
  const throttled = replica.requests.find((q) => q.answer === 'throttled')!;
  const after = replica.requests.find((q) => q.sentAtMs > throttled.sentAtMs)!;
  assert.ok(after.sentAtMs >= throttled.sentAtMs + 2 * 0.5 + 500 - 1e-9, 'waits for Retry-After');
});
faults('5xx and no answer are counted as failed, not as lag; a lone error is retried on schedule', async () => {
  const { result } = await watch({
    lagMs: 1_500,
    probe: 'manifest',
    fault: ({ n }) => (n === 10 ? { kind: 'error', status: 503 } : n === 20 ? { kind: 'error', status: 0 } : undefined),
  });
  const r = replicated(result);
  assert.is(r.failed, 2);
  assert.is(r.throttled, 0);
  assert.ok(Math.abs(r.lagMs - 1_500) <= r.uncertaintyMs + 1e-9);
  assert.ok(r.uncertaintyMs <= goal(1_500));
});
faults('errors right across the arrival widen the bracket but never bias it', async () => {
  const { result } = await watch({
    lagMs: 3_000,
    probe: 'manifest',
    fault: ({ atMs }) => (atMs >= COMMIT_MS + 2_800 && atMs < COMMIT_MS + 3_300 ? { kind: 'error', status: 502 } : undefined),
  });
  const r = replicated(result);
  assert.ok(r.failed >= 3);
  assert.ok(r.lastMissAtMs < COMMIT_MS + 2_800 && r.firstHitAtMs >= COMMIT_MS + 3_300);
  assert.ok(Math.abs(r.lagMs - 3_000) <= r.uncertaintyMs);
});
faults('errors until the timeout: errored with the last status, backing off', async () => {
  const { result, replica } = await watch({ lagMs: 1_000, timeoutMs: 20_000, fault: () => ({ kind: 'error', status: 503 }) });
  assert.is(result.outcome, 'errored');
  assert.ok(result.outcome === 'errored' && result.lastStatus === 503 && /503/.test(result.reason));
  assert.is(result.failed, result.probes);
  assert.ok(replica.requests.length < 40, `backoff keeps probing sparse: ${replica.requests.length}`);
});
faults('only 429s until the timeout: errored (throttled)', async () => {
  const { result } = await watch({ lagMs: 1_000, timeoutMs: 5_000, fault: () => ({ kind: 'throttle' }) });
  assert.ok(result.outcome === 'errored' && result.lastStatus === 429 && result.throttled === result.probes);
});
faults('401 is fatal: errored at once', async () => {
  const { result, replica } = await watch({ lagMs: 1_000, fault: () => ({ kind: 'error', status: 401 }) });
  assert.ok(result.outcome === 'errored' && result.lastStatus === 401);
  assert.is(replica.requests.length, 1);
});
faults.run();

const backoff = suite('backoffMs');
backoff('none after one failure, then doubling up to 5 s', () => {
  assert.equal([1, 2, 3, 4, 12].map((n) => backoffMs(n)), [0, 100, 200, 400, 5_000]);
});
backoff.run();

const outcomes = suite('watchReplication: outcomes');
outcomes('never arrives: timed-out, the last probe evaluated at the timeout', async () => {
  const { result, replica } = await watch({ lagMs: Number.POSITIVE_INFINITY, timeoutMs: 30_000 });
  assert.ok(result.outcome === 'timed-out' && result.waitedMs === 30_000);
  assert.is(replica.requests.at(-1)?.evaluatedAtMs, COMMIT_MS + 30_000);
  assert.ok(replica.requests.every((q) => q.evaluatedAtMs <= COMMIT_MS + 30_000));
});
outcomes('a blob arriving after the manifest: replicated when the blob lands', async () => {
  const r = replicated((await watch({ lagMs: 800, blobsAtOffsetMs: { [CONFIG]: 0, [LAYER]: 3_800 } })).result);
  assert.ok(Math.abs(r.lagMs - 3_800) <= r.uncertaintyMs + 1e-9, `${r.lagMs} ± ${r.uncertaintyMs}`);
  assert.ok(r.uncertaintyMs <= goal(3_800) + 1);
});
outcomes('manifest without its blob until the timeout: inconsistent (manifest-without-blobs)', async () => {
  const { result } = await watch({ lagMs: 800, timeoutMs: 10_000, blobsAtOffsetMs: { [CONFIG]: 0, [LAYER]: Number.POSITIVE_INFINITY } });
  assert.ok(result.outcome === 'inconsistent' && result.reason === 'manifest-without-blobs', JSON.stringify(result));
  assert.ok(result.outcome === 'inconsistent' && result.detail.includes(LAYER) && !result.detail.includes(CONFIG));
});
outcomes('tag at another digest until the timeout: inconsistent (tag-mismatch)', async () => {
  const { result } = await watch({ lagMs: 500, tag: 'v1', tagAtOffsetMs: Number.POSITIVE_INFINITY, previousTagDigest: OLD, timeoutMs: 10_000 });
  assert.ok(result.outcome === 'inconsistent' && result.reason === 'tag-mismatch', JSON.stringify(result));
  assert.ok(result.outcome === 'inconsistent' && result.detail.includes(OLD));
});
outcomes('a tag that moves late: the lag is the tag’s', async () => {
  const r = replicated((await watch({ lagMs: 500, tag: 'v1', tagAtOffsetMs: 1_700, previousTagDigest: OLD, probe: 'manifest' })).result);
  assert.ok(Math.abs(r.lagMs - 1_700) <= r.uncertaintyMs + 1e-9);
});
outcomes('abort: rejects with AbortedError and leaves no timer behind', async () => {
  const clock = new VirtualClock({ startMs: COMMIT_MS });
  const replica = new SimulatedReplica({ clock, link: fixedLink(30), artifacts: [{ repo: 'app', digest: D, manifestAtMs: Number.POSITIVE_INFINITY }] });
  const ctl = new AbortController();
  const outcome = await clock.run(async () => {
    const w = watchReplication({
      client: replica, repo: 'app', digest: D, commitAtMs: COMMIT_MS, oneWayDelayMs: 30, timeoutMs: 60_000,
      now: clock.now, sleep: clock.sleep, signal: ctl.signal,
    }).catch((e: unknown) => e);
    await clock.sleep(1_000);
    ctl.abort();
    return w;
  });
  assert.instance(outcome, AbortedError);
  assert.is(clock.now(), COMMIT_MS + 1_000);
  assert.is(clock.pending, 0);
});
outcomes('invalid options are usage errors', async () => {
  const clock = new VirtualClock();
  const replica = new SimulatedReplica({ clock });
  const base = { client: replica, repo: 'app', digest: D, commitAtMs: 0, oneWayDelayMs: 1, timeoutMs: 1_000, now: clock.now, sleep: clock.sleep };
  for (const [bad, pattern] of [[{ timeoutMs: 0 }, /timeoutMs/], [{ oneWayDelayMs: -1 }, /oneWayDelayMs/], [{ commitAtMs: Number.NaN }, /commitAtMs/], [{ schedule: { kind: 'fixed', intervalMs: -5 } }, /intervalMs/]] as const) {
    try {
      await watchReplication({ ...base, ...bad } as WatchOptions);
      assert.unreachable('should reject');
    } catch (err) {
      assert.match((err as Error).message, pattern);
    }
  }
});
outcomes('a prober that throws a bug (not a probe result) rejects the watch', async () => {
  const clock = new VirtualClock();
  const prober = { probeManifest: async () => Promise.reject(new TypeError('bug')), probeBlob: async () => Promise.reject(new TypeError('bug')) };
  try {
    await clock.run(watchReplication({ client: prober, repo: 'app', digest: D, commitAtMs: 0, oneWayDelayMs: 0, timeoutMs: 1_000, now: clock.now, sleep: clock.sleep }));
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, TypeError);
  }
});
outcomes.run();

const trace = suite('watchReplication: trace, lateness and budget');
trace('trace: one entry per probe, planned ≤ launched ≤ sent ≤ answered, misses then the hit', async () => {
  const { result } = await watch({ lagMs: 400, blobsAtOffsetMs: { [CONFIG]: 0 }, extra: { trace: true } });
  const entries = result.trace ?? [];
  assert.is(entries.length, result.probes);
  for (const e of entries) assert.ok(e.plannedAtMs <= e.launchedAtMs && e.launchedAtMs <= e.sentAtMs && e.sentAtMs <= e.atMs, JSON.stringify(e));
  const manifest = entries.filter((e) => e.component === 'manifest').map((e) => e.result);
  assert.is(manifest.at(-1), 'present');
  assert.ok(manifest.slice(0, -1).every((r) => r === 'absent'));
  assert.equal(entries.filter((e) => e.component === CONFIG).map((e) => e.result), ['present']);
  assert.is((await watch({ lagMs: 400, probe: 'manifest' })).result.trace, undefined);
});
trace('lateness: a timer that fires 3 ms late makes every scheduled probe 3 ms late; on time it is 0', async () => {
  const onTime = replicated((await watch({ lagMs: 500, probe: 'manifest' })).result);
  assert.ok((onTime.latenessMs ?? []).every((ms) => ms === 0));
  assert.is(onTime.latenessMs?.length, onTime.probes);
  const clock = new VirtualClock({ startMs: COMMIT_MS });
  const replica = new SimulatedReplica({ clock, link: fixedLink(0.5), artifacts: [{ repo: 'app', digest: D, manifestAtMs: COMMIT_MS + 500, blobsAtMs: {} }] });
  const late = replicated(
    await clock.run(
      watchReplication({ client: replica, repo: 'app', digest: D, commitAtMs: COMMIT_MS, oneWayDelayMs: 0.5, timeoutMs: 10_000, probe: 'manifest', now: clock.now, sleep: (ms, signal) => clock.sleep(ms + 3, signal) }),
    ),
  );
  assert.ok((late.latenessMs ?? []).every((ms) => Math.abs(ms - 3) < 1e-9), JSON.stringify(late.latenessMs));
  assert.ok(late.uncertaintyMs > onTime.uncertaintyMs - 1e-9);
});
trace('budget: probes a limiter holds are counted with their wait, not as lateness', async () => {
  const clock = new VirtualClock({ startMs: COMMIT_MS });
  const replica = new SimulatedReplica({ clock, link: fixedLink(0.5), artifacts: [{ repo: 'app', digest: D, manifestAtMs: COMMIT_MS + 300, blobsAtMs: {} }] });
  const limiter = { acquire: (signal?: AbortSignal) => clock.sleep(5, signal) };
  const r = replicated(
    await clock.run(watchReplication({ client: replica, repo: 'app', digest: D, commitAtMs: COMMIT_MS, oneWayDelayMs: 0.5, timeoutMs: 10_000, probe: 'manifest', now: clock.now, sleep: clock.sleep, limiter })),
  );
  assert.equal(r.budgetHeld, { probes: r.probes, waitMs: 5 * r.probes });
  assert.ok((r.latenessMs ?? []).every((ms) => ms === 0));
});
trace('a timer that fires a fraction of a millisecond early does not make the watcher spin', async () => {
  const clock = new VirtualClock({ startMs: COMMIT_MS });
  const replica = new SimulatedReplica({ clock, link: fixedLink(0.5), artifacts: [{ repo: 'app', digest: D, manifestAtMs: COMMIT_MS + 500, blobsAtMs: {} }] });
  let reads = 0;
  const now = (): number => {
    if (++reads > 100_000) throw new Error('the watcher spins: 100,000 clock reads');
    return clock.now();
  };
  const early = replicated(
    await clock.run(
      watchReplication({ client: replica, repo: 'app', digest: D, commitAtMs: COMMIT_MS, oneWayDelayMs: 0.5, timeoutMs: 10_000, probe: 'manifest', now, sleep: (ms, signal) => clock.sleep(Math.max(0, ms - 0.4), signal) }),
    ),
  );
  const onTime = replicated((await watch({ lagMs: 500, probe: 'manifest' })).result);
  assert.ok(Math.abs(early.probes - onTime.probes) <= 1, `${early.probes} vs ${onTime.probes} probes`);
  assert.ok(Math.abs(early.lagMs - 500) <= early.uncertaintyMs + 1e-9);
});
trace.run();

const confirm = suite('watchReplication: the confirm step');
type Confirm = NonNullable<Prober['confirmArtifact']>;
const withConfirm = (answers: Awaited<ReturnType<Confirm>>[], calls: Parameters<Confirm>[] = []) => (replica: SimulatedReplica): Prober => ({
  probeManifest: (repo, ref, opts) => replica.probeManifest(repo, ref, opts),
  probeBlob: (repo, d, opts) => replica.probeBlob(repo, d, opts),
  confirmArtifact: async (...args) => {
    calls.push(args);
    return answers.shift() ?? { kind: 'confirmed', requests: 2, elapsedMs: 1, blobs: 1 };
  },
});

confirm('confirmed once the probes say present: replicated, the confirm counted, the lag from the probes', async () => {
  const calls: Parameters<Confirm>[] = [];
  const r = replicated((await watch({ lagMs: 500, blobsAtOffsetMs: { [LAYER]: 500 }, wrap: withConfirm([], calls) })).result);
  assert.ok(Math.abs(r.lagMs - 500) <= r.uncertaintyMs + 1e-9);
  assert.equal(r.confirm, { attempts: 1, requests: 2, elapsedMs: 1 });
  assert.is(calls.length, 1);
  assert.is(calls[0]?.[1], D);
  assert.is(calls[0]?.[2]?.manifestOnly, false);
  assert.equal(calls[0]?.[2]?.blobs, [LAYER]);
});

confirm('the probes said present, the content is not there: inconsistent with the reason, never a lag', async () => {
  for (const reason of ['head-lies', 'size-mismatch', 'blob-unreadable'] as const) {
    const { result } = await watch({ lagMs: 0, blobsAtOffsetMs: { [LAYER]: 0 }, wrap: withConfirm([{ kind: 'inconsistent', reason, detail: `blob ${LAYER}: scripted`, requests: 2, elapsedMs: 1 }]) });
    assert.is(result.outcome, 'inconsistent');
    if (result.outcome !== 'inconsistent') return;
    assert.is(result.reason, reason);
    assert.match(result.detail, /scripted/);
    assert.not.ok('lagMs' in result);
  }
});

confirm('an inconclusive confirm (429) is tried again after Retry-After; never confirmed: errored, not replicated', async () => {
  const throttled = { kind: 'inconclusive', status: 429, detail: 'GET … → 429', retryAfterMs: 1_000, requests: 1, elapsedMs: 1 } as const;
  const calls: Parameters<Confirm>[] = [];
  const ok = replicated((await watch({ lagMs: 100, wrap: withConfirm([throttled], calls), timeoutMs: 10_000 })).result);
  assert.is(ok.confirm?.attempts, 2);
  const always = Array.from({ length: 100 }, () => throttled);
  const { result } = await watch({ lagMs: 100, wrap: withConfirm(always), timeoutMs: 5_000 });
  assert.is(result.outcome, 'errored');
  if (result.outcome === 'errored') {
    assert.match(result.reason, /content could not be confirmed: GET … → 429/);
    assert.is(result.lastStatus, 429);
  }
});

confirm('HEAD sizes reach the confirm; manifest mode confirms the manifest only', async () => {
  const calls: Parameters<Confirm>[] = [];
  replicated((await watch({ lagMs: 100, probe: 'manifest', wrap: withConfirm([], calls) })).result);
  assert.is(calls[0]?.[2]?.manifestOnly, true);
  assert.ok(calls[0]?.[2]?.headSizes instanceof Map);
});

confirm('the probe budget pays for every confirm request: the manifest GET and one per blob', async () => {
  let acquired = 0;
  const limiter = { acquire: async (): Promise<void> => void acquired++ };
  const r = replicated((await watch({ lagMs: 100, blobsAtOffsetMs: { [LAYER]: 100, [CONFIG]: 100 }, wrap: withConfirm([]), extra: { limiter } })).result);
  assert.is(acquired, r.probes + 1 + 2);
});

const deadline = suite('watchReplication: the deadline');
deadline('a probe that never answers is aborted at the timeout and counted; the watch ends, not hangs', async () => {
  const hang = (clock: VirtualClock) => (_repo: string, _ref: string, opts?: { signal?: AbortSignal }): Promise<never> =>
    new Promise((_resolve, reject) => {
      opts?.signal?.addEventListener('abort', () => reject(new AbortedError('probe aborted')), { once: true });
      void clock;
    });
  const { result, clock } = await watch({
    lagMs: 100,
    timeoutMs: 5_000,
    wrap: (_replica, c) => ({ probeManifest: hang(c), probeBlob: hang(c) }),
  });
  assert.is(result.outcome, 'timed-out');
  assert.ok((result.abortedAtTimeout ?? 0) >= 1, JSON.stringify(result));
  assert.ok(clock.now() - COMMIT_MS <= 5_000 + DEADLINE_SLACK_MS + 10, `ended ${clock.now() - COMMIT_MS} ms after the commit`);
});

confirm.run();
deadline.run();
