import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ProgressTracker } from '../../src/run/progress.ts';

const tracker = suite('ProgressTracker');

tracker('snapshots are copies: counts per phase and per replica region, in order', () => {
  const t = new ProgressTracker(['b', 'c']);
  t.push.total = 3;
  t.push.done = 1;
  t.region('b').total = 1;
  t.region('b').replicated = 1;
  t.region('b').settled = 1;
  const s = t.snapshot();
  t.push.done = 2;
  assert.is(s.push.done, 1);
  assert.equal(Object.keys(s.watch), ['b', 'c']);
  assert.equal(s.watch.b, { replicated: 1, settled: 1, total: 1 });
  assert.is(s.stopping, undefined);
  t.stopping = 'interrupted';
  assert.is(t.snapshot().stopping, 'interrupted');
});

tracker.run();
