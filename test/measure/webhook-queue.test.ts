import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { EventQueue, RecentIds } from '../../src/measure/webhook-queue.ts';

const ids = suite('RecentIds');
ids('true the first time, false for a repeat; forgets the oldest beyond max', () => {
  const r = new RecentIds(2);
  assert.equal([r.add('a'), r.add('a'), r.add('b'), r.add('c')], [true, false, true, true]);
  assert.is(r.size, 2);
  assert.is(r.add('a'), true); // forgotten
  assert.is(r.add('c'), false);
});
ids.run();

const queue = suite('EventQueue');
queue('delivers in order to a waiting or later reader; close ends readers after the queue drains', async () => {
  const q = new EventQueue<number>(10);
  const waiting = q.next();
  q.push(1);
  q.push(2);
  q.push(3);
  assert.equal(await waiting, { value: 1, done: false });
  q.close();
  q.push(4); // ignored after close
  const seen: number[] = [];
  for await (const n of q) seen.push(n);
  assert.equal(seen, [2, 3]);
  assert.equal(await q.next(), { value: undefined, done: true });
});
queue('bounded: the oldest waiting event is dropped and counted', async () => {
  const q = new EventQueue<number>(3);
  for (let i = 0; i < 5000; i++) q.push(i);
  assert.is(q.length, 3);
  assert.is(q.dropped, 4997);
  assert.equal([(await q.next()).value, (await q.next()).value, (await q.next()).value], [4997, 4998, 4999]);
});
queue('an abort rejects the waiting reader with AbortedError and leaves the queue usable', async () => {
  const q = new EventQueue<string>(4);
  const ac = new AbortController();
  const pending = q.next(ac.signal);
  ac.abort();
  try {
    await pending;
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AbortedError);
  }
  q.push('x');
  assert.equal(await q.next(), { value: 'x', done: false });
  try {
    await q.next(ac.signal);
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AbortedError);
  }
});
queue.run();
