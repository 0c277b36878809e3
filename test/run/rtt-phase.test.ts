import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UnreachableError } from '../../src/errors.ts';
import { measureRttPhase, RttTable } from '../../src/run/rtt-phase.ts';
import { FakeWorker } from './fake-worker.ts';

const phase = suite('measureRttPhase');

phase('measures each distinct pair once; failures are reported, not thrown', async () => {
  const a = new FakeWorker('a', {
    rtt: (e) => {
      if (e === 'down') throw new UnreachableError('http://x', 'cannot reach');
      return { minMs: e === 'a' ? 1 : 80, medianMs: 90, samplesMs: [80, 90] };
    },
  });
  const measured: string[] = [];
  const failed: string[] = [];
  const table = await measureRttPhase(
    [{ worker: a, endpoint: 'a' }, { worker: a, endpoint: 'b' }, { worker: a, endpoint: 'b' }, { worker: a, endpoint: 'down' }],
    { onMeasured: (w, e) => measured.push(`${w}>${e}`), onFailed: (w, e, err) => failed.push(`${w}>${e}:${(err as Error).message}`) },
  );
  assert.equal(measured.sort(), ['a>a', 'a>b']);
  assert.equal(failed, ['a>down:cannot reach']);
  assert.is(table.get('a', 'b')?.minMs, 80);
  assert.is(table.oneWayDelayMs('a', 'b'), 40);
  assert.is(table.oneWayDelayMs('a', 'down'), 0);
});

phase('an aborted phase reports nothing as failed', async () => {
  const ctl = new AbortController();
  ctl.abort();
  const failed: string[] = [];
  await measureRttPhase([{ worker: new FakeWorker('a'), endpoint: 'a' }], { signal: ctl.signal, onFailed: (w) => failed.push(w) });
  assert.equal(failed, []);
});

phase.run();

const table = suite('RttTable');

table('entries in insertion order; half the minimum RTT is the one-way delay', () => {
  const t = new RttTable();
  t.set('a', 'b', { minMs: 10, medianMs: 12, samplesMs: [10, 12] });
  t.set('b', 'a', { minMs: 4, medianMs: 5, samplesMs: [4, 5] });
  assert.equal(t.entries().map(([w, e]) => `${w}>${e}`), ['a>b', 'b>a']);
  assert.is(t.oneWayDelayMs('b', 'a'), 2);
});

table.run();
