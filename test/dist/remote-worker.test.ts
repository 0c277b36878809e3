import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { RemoteWorker } from '../../src/dist/remote-worker.ts';
import type { CoordinatorMessage } from '../../src/dist/protocol.ts';
import type { Task, TaskResult } from '../../src/dist/protocol-tasks.ts';
import { WorkerSession } from '../../src/dist/worker-session.ts';

const EPOCH = 1_700_000_000_000;
const OFFSET = { offsetMs: 250, uncertaintyMs: 2, rttMs: 4, rounds: 8 };

/** A session whose worker answers each task with `answer(task)` (undefined: no answer). */
function remote(answer: (task: Task) => TaskResult | undefined): { w: RemoteWorker; s: WorkerSession; tasks: Task[] } {
  const tasks: Task[] = [];
  const send = (m: CoordinatorMessage): boolean => {
    if (m.type !== 'task') return true;
    tasks.push(m.task);
    const result = answer(m.task);
    if (result !== undefined) queueMicrotask(() => s.receive({ v: 1, type: 'result', taskId: m.taskId, result }));
    return true;
  };
  const s = new WorkerSession('westeurope', { host: 'h', pid: 1, version: '0', node: 'v20' }, { send, close: () => undefined }, () => 0);
  s.offset = OFFSET;
  return { w: new RemoteWorker(s, EPOCH), s, tasks };
}

const worker = suite('RemoteWorker');

worker('watch: the commit point goes out on the worker clock; bracket ends come back on the run clock; the offset uncertainty is added', async () => {
  const { w, tasks } = remote((t) =>
    t.kind === 'watch' ? { kind: 'watch', result: { outcome: 'replicated', lagMs: 120, uncertaintyMs: 5, lastMissAtMs: t.task.commitAtMs + 100, firstHitAtMs: t.task.commitAtMs + 140, probes: 9, throttled: 0, failed: 0 } } : undefined,
  );
  const result = await w.watch({ endpoint: 'westeurope', repo: 'r', digest: 'sha256:x', commitAtMs: 5000, timeoutMs: 1000, oneWayDelayMs: 0.5 });
  const sent = tasks[0];
  assert.ok(sent?.kind === 'watch' && sent.task.commitAtMs === 5000 + EPOCH + 250 && sent.task.oneWayDelayMs === 0.5);
  assert.equal(result, { outcome: 'replicated', lagMs: 120, uncertaintyMs: 7, lastMissAtMs: 5100, firstHitAtMs: 5140, probes: 9, throttled: 0, failed: 0 });
  assert.is(w.toRunMs(w.toWorkerMs(123.5)), 123.5);
});

worker('watch outcomes other than replicated pass through unchanged', async () => {
  const { w } = remote(() => ({ kind: 'watch', result: { outcome: 'timed-out', waitedMs: 1000, probes: 3, throttled: 0, failed: 0 } }));
  assert.equal(await w.watch({ endpoint: 'westeurope', repo: 'r', digest: 'd', commitAtMs: 1, timeoutMs: 1000 }), { outcome: 'timed-out', waitedMs: 1000, probes: 3, throttled: 0, failed: 0 });
});

worker('pull: start times on the run clock; rtt as measured there', async () => {
  const { w } = remote((t) => {
    if (t.kind === 'pull') return { kind: 'pull', results: [{ outcome: 'pulled', worker: 'westeurope', endpoint: t.task.endpoint, image: t.task.image, phase: 'cold', startedAtMs: EPOCH + 250 + 42, durationMs: 10, ttfbMs: 2, bytes: 100 }] };
    if (t.kind === 'rtt') return { kind: 'rtt', rtt: { minMs: 3, medianMs: 4, samplesMs: [3, 4, 5] } };
    return undefined;
  });
  const [r] = await w.pull({ endpoint: 'eastus', image: 'i', repo: 'r', reference: 'sha256:x' });
  assert.is(r?.startedAtMs, 42);
  assert.equal(await w.measureRtt('eastus'), { minMs: 3, medianMs: 4, samplesMs: [3, 4, 5] });
});

worker('load: intervals are stamped on the run clock', async () => {
  const { w, s } = remote(() => undefined);
  const starts: number[] = [];
  const p = w.load({ endpoint: 'eastus', kind: 'blob-get', target: { repo: 'r', manifestDigest: 'm', blobDigest: 'c' }, ratePerSec: 10, connections: 1, durationMs: 5 }, { onInterval: (i) => starts.push(i.startMs) });
  await new Promise((r) => setImmediate(r));
  s.receive({ v: 1, type: 'load-interval', taskId: 1, interval: { startMs: EPOCH + 250 + 7, lengthMs: 1000, histogram: 'h', uncorrected: 'u', requests: 1, status: {}, errors: 0, timeouts: 0 } });
  s.receive({ v: 1, type: 'result', taskId: 1, result: { kind: 'load', totals: { endpoint: 'eastus', kind: 'blob-get', connections: 1, ratePerSec: 10, durationMs: 5, expectedIntervalUs: 100_000, histogram: 'h', uncorrected: 'u', requests: 1, status: {}, errors: 0, timeouts: 0 } } });
  assert.is((await p).requests, 1);
  assert.equal(starts, [7]);
});

worker('a lost worker: the pull in flight is a failure, later pulls are not attempted, watches and RTTs reject', async () => {
  const { w, s } = remote(() => undefined);
  const inFlight = w.pull({ endpoint: 'eastus', image: 'i', repo: 'r', reference: 'sha256:x' });
  s.closed('connection reset');
  const [failure] = await inFlight;
  assert.ok(failure?.outcome === 'failed' && failure.code === 'E_UNREACHABLE' && /was lost: connection reset/.test(failure.message));
  assert.equal(await w.pull({ endpoint: 'eastus', image: 'i', repo: 'r', reference: 'sha256:x' }), []);
  try {
    await w.measureRtt('eastus');
    assert.unreachable();
  } catch (err) {
    assert.match(String(err), /was lost/);
  }
});

worker.run();
