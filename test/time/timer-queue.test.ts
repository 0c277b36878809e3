import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TimerQueue } from '../../src/time/timer-queue.ts';

const queue = suite('TimerQueue');

queue('pops entries in due order, ties in insertion order', () => {
  const q = new TimerQueue();
  const order: string[] = [];
  for (const [due, name] of [[30, 'c'], [10, 'a1'], [20, 'b'], [10, 'a2'], [5, 'z']] as const) q.push(due, () => order.push(name));
  assert.is(q.size, 5);
  assert.is(q.peekDueMs(), 5);
  for (let e = q.popDue(100); e; e = q.popDue(100)) e.fn();
  assert.equal(order, ['z', 'a1', 'a2', 'b', 'c']);
  assert.is(q.size, 0);
});

queue('popDue returns nothing before the earliest due time', () => {
  const q = new TimerQueue();
  q.push(50, () => undefined);
  assert.is(q.popDue(49.9), undefined);
  assert.ok(q.popDue(50));
});

queue('cancelled entries are skipped and not counted', () => {
  const q = new TimerQueue();
  const a = q.push(1, () => undefined);
  q.push(2, () => undefined);
  q.cancel(a);
  q.cancel(a);
  assert.is(q.size, 1);
  assert.is(q.peekDueMs(), 2);
  q.clear();
  assert.is(q.size, 0);
  assert.is(q.peekDueMs(), undefined);
});

queue('keeps heap order under many random pushes', () => {
  const q = new TimerQueue();
  let x = 12345;
  for (let i = 0; i < 2000; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    q.push(x % 1000, () => undefined);
  }
  let last = -1;
  for (let e = q.popDue(Infinity); e; e = q.popDue(Infinity)) {
    assert.ok(e.dueMs >= last);
    last = e.dueMs;
  }
});

queue.run();
