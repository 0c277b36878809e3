import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../src/errors.ts';
import { createPool } from '../../src/measure/pool.ts';
import { runPullMatrix } from '../../src/measure/pull-matrix.ts';
import { VirtualClock } from '../../src/time/virtual-clock.ts';
import type { PullResult, PullTask, Worker } from '../../src/measure/worker.ts';

/** A worker whose pulls take 10 ms × (1 + RTT class) on the virtual clock; it labels phases itself. */
function fakeWorker(region: string, clock: VirtualClock, log: string[], opts: { failOn?: string } = {}): Worker {
  const seen = new Set<string>();
  let failed = false;
  let inFlight = 0;
  return {
    region,
    measureRtt: async () => ({ minMs: 1, medianMs: 1, samplesMs: [1] }),
    async pull(task: PullTask, signal?: AbortSignal): Promise<PullResult[]> {
      const key = `${task.endpoint}/${task.image}`;
      const phase = seen.has(key) ? 'warm' : 'cold';
      const startedAtMs = clock.now();
      log.push(`${region}>${key}:${phase}@${startedAtMs}`);
      inFlight++;
      try {
        await clock.sleep(task.endpoint === region ? 10 : 50, signal);
      } catch {
        return [];
      } finally {
        inFlight--;
      }
      const labels = { worker: region, endpoint: task.endpoint, image: task.image, phase, startedAtMs } as const;
      if (opts.failOn === key && !failed) {
        failed = true;
        return [{ outcome: 'failed', ...labels, code: 'E_REGISTRY', message: 'HEAD → 500' }];
      }
      seen.add(key);
      return [{ outcome: 'pulled', ...labels, durationMs: clock.now() - startedAtMs, ttfbMs: 1, bytes: 100 }];
    },
    watch: async () => {
      throw new Error('not used');
    },
    close: async () => undefined,
    get inFlight() {
      return inFlight;
    },
  } as Worker;
}

const images = [
  { image: 'img0', repo: 'app', reference: 'v0' },
  { image: 'img1', repo: 'app', reference: 'v1' },
];

const matrix = suite('runPullMatrix');
matrix('every worker × endpoint × image: one cold pull, then the warm ones, cold first everywhere', async () => {
  const clock = new VirtualClock();
  const log: string[] = [];
  const workers = [fakeWorker('eastus', clock, log), fakeWorker('westeurope', clock, log)];
  const seen: PullResult[] = [];
  const out = await clock.run(runPullMatrix({ workers, endpoints: ['eastus', 'westeurope'], images, warmPulls: 2, concurrency: 3, onResult: (r) => seen.push(r) }));
  assert.ok(out.complete);
  assert.is(out.results.length, 2 * 2 * 2 * 3);
  assert.equal(seen, out.results);
  const cold = out.results.filter((r) => r.phase === 'cold');
  assert.is(cold.length, 8);
  for (const r of cold) {
    const warm = out.results.filter((w) => w.phase === 'warm' && w.worker === r.worker && w.endpoint === r.endpoint && w.image === r.image);
    assert.is(warm.length, 2);
    assert.ok(warm.every((w) => w.startedAtMs >= r.startedAtMs));
  }
  const firstWarmStart = Math.min(...out.results.filter((r) => r.phase === 'warm').map((r) => r.startedAtMs));
  const lastColdStart = Math.max(...cold.map((r) => r.startedAtMs));
  assert.ok(lastColdStart <= firstWarmStart, 'every cold pull starts before any warm one');
});
matrix('endpoints per worker region; bounded by the pool', async () => {
  const clock = new VirtualClock();
  const log: string[] = [];
  const workers = [fakeWorker('eastus', clock, log), fakeWorker('japaneast', clock, log)];
  const pool = createPool(2);
  let peak = 0;
  const out = await clock.run(runPullMatrix({ workers, endpoints: (w) => [w], images, warmPulls: 1, pool, onResult: () => (peak = Math.max(peak, pool.active)) }));
  assert.is(out.results.length, 2 * 1 * 2 * 2);
  assert.ok(out.results.every((r) => r.worker === r.endpoint));
  assert.ok(peak <= 2);
});
matrix('a failed cold pull is a result; the chain goes on', async () => {
  const clock = new VirtualClock();
  const workers = [fakeWorker('eastus', clock, [], { failOn: 'eastus/img0' })];
  const out = await clock.run(runPullMatrix({ workers, endpoints: ['eastus'], images: images.slice(0, 1), warmPulls: 1 }));
  assert.equal(out.results.map((r) => `${r.outcome}:${r.phase}`), ['failed:cold', 'pulled:cold']);
});
matrix('abort: nothing new starts, pulls in flight finish, complete = false', async () => {
  const clock = new VirtualClock();
  const ctl = new AbortController();
  const workers = [fakeWorker('eastus', clock, [])];
  const out = await clock.run(async () => {
    const run = runPullMatrix({ workers, endpoints: ['eastus'], images, warmPulls: 3, concurrency: 1, signal: ctl.signal });
    await clock.sleep(15);
    ctl.abort();
    return run;
  });
  assert.not.ok(out.complete);
  assert.is(out.results.length, 2, 'the first pull and the one in flight at the abort');
  assert.ok(out.results.every((r) => r.outcome === 'pulled'));
});
matrix('taskSignal cancels pulls in flight', async () => {
  const clock = new VirtualClock();
  const hard = new AbortController();
  const out = await clock.run(async () => {
    const run = runPullMatrix({ workers: [fakeWorker('eastus', clock, [])], endpoints: ['eastus'], images, warmPulls: 3, concurrency: 2, taskSignal: hard.signal });
    await clock.sleep(5);
    hard.abort();
    return run;
  });
  assert.not.ok(out.complete);
  assert.is(out.results.length, 0);
});
matrix('a worker that throws (not a pull failure) rejects the matrix; invalid warmPulls is a usage error', async () => {
  const broken = { ...fakeWorker('eastus', new VirtualClock(), []), pull: async () => Promise.reject(new UsageError('no URL for endpoint')) } as Worker;
  try {
    await runPullMatrix({ workers: [broken], endpoints: ['x'], images });
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, UsageError);
  }
  try {
    await runPullMatrix({ workers: [], endpoints: [], images, warmPulls: -1 });
    assert.unreachable('should reject');
  } catch (err) {
    assert.match((err as Error).message, /warm pulls/);
  }
});
matrix.run();
