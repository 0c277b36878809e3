import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, ProtocolError } from '../../src/errors.ts';
import type { CoordinatorMessage } from '../../src/dist/protocol.ts';
import { RemoteTaskError, WorkerLostError, WorkerSession } from '../../src/dist/worker-session.ts';

function session(now: () => number = () => 0): { s: WorkerSession; sent: CoordinatorMessage[]; closed: string[] } {
  const sent: CoordinatorMessage[] = [];
  const closed: string[] = [];
  const s = new WorkerSession('a', { host: 'h', pid: 1, version: '0', node: 'v20' }, { send: (m) => (sent.push(m), true), close: (r) => void closed.push(r) }, now);
  return { s, sent, closed };
}

const taskIdOf = (m: CoordinatorMessage | undefined): number => (m?.type === 'task' ? m.taskId : -1);

const calls = suite('WorkerSession.call');

calls('results are matched to their task by id, in any order; load intervals stream to the caller', async () => {
  const { s, sent } = session();
  const intervals: number[] = [];
  const rtt = s.call({ kind: 'rtt', endpoint: 'b' });
  const load = s.call({ kind: 'load', task: { endpoint: 'b', kind: 'manifest-head', target: { repo: 'r', manifestDigest: 'm', blobDigest: 'c' }, ratePerSec: null, connections: 1, durationMs: 10 } }, { onInterval: (i) => intervals.push(i.requests) });
  const [rttId, loadId] = [taskIdOf(sent[0]), taskIdOf(sent[1])];
  assert.ok(rttId !== loadId && rttId > 0);
  s.receive({ v: 1, type: 'load-interval', taskId: loadId, interval: { startMs: 0, lengthMs: 1, histogram: 'h', uncorrected: 'u', requests: 4, status: {}, errors: 0, timeouts: 0 } });
  s.receive({ v: 1, type: 'result', taskId: loadId, result: { kind: 'load', totals: { endpoint: 'b', kind: 'manifest-head', connections: 1, ratePerSec: null, durationMs: 10, expectedIntervalUs: null, histogram: 'h', uncorrected: 'u', requests: 4, status: {}, errors: 0, timeouts: 0 } } });
  s.receive({ v: 1, type: 'result', taskId: rttId, result: { kind: 'rtt', rtt: { minMs: 1, medianMs: 1, samplesMs: [1] } } });
  assert.equal(await rtt, { kind: 'rtt', rtt: { minMs: 1, medianMs: 1, samplesMs: [1] } });
  assert.is((await load).kind, 'load');
  assert.equal(intervals, [4]);
});

calls('a failed task rejects with the worker’s code; a result of the wrong kind is a ProtocolError', async () => {
  const { s, sent } = session();
  const p = s.call({ kind: 'rtt', endpoint: 'b' });
  s.receive({ v: 1, type: 'failed', taskId: taskIdOf(sent[0]), code: 'E_UNREACHABLE', message: 'b is down' });
  try {
    await p;
    assert.unreachable();
  } catch (err) {
    assert.ok(err instanceof RemoteTaskError && err.code === 'E_UNREACHABLE' && err.message === 'worker a: b is down');
  }
  const q = s.call({ kind: 'rtt', endpoint: 'b' });
  s.receive({ v: 1, type: 'result', taskId: taskIdOf(sent[1]), result: { kind: 'setup' } });
  try {
    await q;
    assert.unreachable();
  } catch (err) {
    assert.instance(err, ProtocolError);
  }
});

calls('an abort sends cancel and rejects at once; a late result is ignored', async () => {
  const { s, sent } = session();
  const ac = new AbortController();
  const p = s.call({ kind: 'rtt', endpoint: 'b' }, { signal: ac.signal });
  ac.abort();
  try {
    await p;
    assert.unreachable();
  } catch (err) {
    assert.instance(err, AbortedError);
  }
  assert.equal(sent[1], { v: 1, type: 'cancel', taskId: taskIdOf(sent[0]) });
  s.receive({ v: 1, type: 'result', taskId: taskIdOf(sent[0]), result: { kind: 'rtt', rtt: { minMs: 1, medianMs: 1, samplesMs: [1] } } });
});

calls('a lost worker rejects every task in flight and every later one with WorkerLostError, and tells its listeners once', async () => {
  const { s } = session();
  const heard: string[] = [];
  s.onLost((r) => heard.push(r));
  const inFlight = s.call({ kind: 'rtt', endpoint: 'b' });
  s.closed('no message for 10 s');
  s.closed('again');
  for (const p of [inFlight, s.call({ kind: 'rtt', endpoint: 'b' })]) {
    try {
      await p;
      assert.unreachable();
    } catch (err) {
      assert.ok(err instanceof WorkerLostError && err.code === 'E_UNREACHABLE' && /the worker in a was lost: no message for 10 s/.test(err.message));
    }
  }
  assert.equal(heard, ['no message for 10 s']);
  assert.is(s.lost, 'no message for 10 s');
});

calls('end() says bye and closes; the closing is not a loss', async () => {
  const { s, sent, closed } = session();
  s.end('the run is over');
  s.closed('the connection closed');
  assert.equal(sent.at(-1), { v: 1, type: 'bye', reason: 'the run is over' });
  assert.equal(closed, ['the run is over']);
  assert.is(s.lost, undefined);
});

calls.run();

const clock = suite('WorkerSession.measureOffset');

clock('time requests are stamped t0/t3 on the coordinator clock; the minimum-RTT sample is kept', async () => {
  let t = 1000;
  const { s, sent } = session(() => t);
  const measuring = s.measureOffset(3);
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setImmediate(r));
    const m = sent.at(-1);
    assert.is(m?.type, 'time-request');
    const up = [5, 1, 3][i] as number;
    t += up; // the request's way out
    const t1 = t + 40; // the worker's clock is 40 ms ahead
    t += 1; // back
    s.receive({ v: 1, type: 'time-reply', id: m?.type === 'time-request' ? m.id : -1, t1, t2: t1 });
  }
  const o = await measuring;
  assert.is(o.rttMs, 2);
  assert.is(o.offsetMs, 40);
  assert.is(o.uncertaintyMs, 1);
  assert.equal(s.offset, o);
});

clock.run();
