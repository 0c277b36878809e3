import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { createRealClock, realClock, realSleep } from '../../src/time/real-clock.ts';

const sleep = suite('realSleep');
sleep('waits and resolves; a fired signal rejects with AbortedError', async () => {
  const before = realClock.now();
  await realSleep(1);
  assert.ok(realClock.now() >= before);
  const ctl = new AbortController();
  const pending = realSleep(60_000, ctl.signal);
  ctl.abort();
  try {
    await pending;
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, AbortedError);
  }
});
sleep('an already aborted signal rejects at once', async () => {
  try {
    await realSleep(60_000, AbortSignal.abort());
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, AbortedError);
  }
});
sleep.run();

const real = suite('createRealClock');

real('onLate hears each callback\'s lateness against its due time (≥ 0), a blocked loop included', async () => {
  const late: number[] = [];
  const clock = createRealClock({ onLate: (ms) => late.push(ms) });
  try {
    const t0 = clock.now();
    await new Promise<void>((resolve) => {
      clock.at(t0 + 5, () => {
        const until = clock.now() + 30;
        while (clock.now() < until); // block: the next callback is due meanwhile
      });
      clock.at(t0 + 10, resolve);
    });
    assert.is(late.length, 2);
    assert.ok(late.every((ms) => ms >= 0));
    assert.ok((late[1] ?? 0) >= 20, `second callback ${late[1]} ms late`);
  } finally {
    clock.close();
  }
});

real('fires callbacks in due order, never before their due time', async () => {
  const clock = createRealClock();
  try {
    const t0 = clock.now();
    const seen: { name: string; lateMs: number }[] = [];
    await new Promise<void>((resolve) => {
      for (const [name, d] of [['b', 15], ['a', 5], ['c', 25]] as const) {
        clock.at(t0 + d, () => {
          seen.push({ name, lateMs: clock.now() - (t0 + d) });
          if (seen.length === 3) resolve();
        });
      }
    });
    assert.equal(seen.map((s) => s.name), ['a', 'b', 'c']);
    for (const s of seen) assert.ok(s.lateMs >= 0);
  } finally {
    clock.close();
  }
});

real('close() drops pending callbacks; toEpochMs is near Date.now()', async () => {
  const clock = createRealClock();
  let ran = false;
  clock.at(clock.now() + 5, () => (ran = true));
  clock.close();
  await new Promise((r) => setTimeout(r, 15));
  assert.is(ran, false);
  assert.ok(Math.abs(clock.toEpochMs(clock.now()) - Date.now()) < 50);
});

real('at() after close() is ignored and arms no host timer (a closed lab schedules nothing)', async () => {
  const clock = createRealClock();
  clock.close();
  const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate').length;
  const before = timers();
  let ran = false;
  const cancel = clock.at(clock.now() - 1, () => (ran = true));
  clock.at(clock.now() + 5, () => (ran = true));
  assert.is(timers(), before);
  await new Promise((r) => setTimeout(r, 15));
  assert.is(ran, false);
  cancel();
  assert.ok(clock.now() > 0);
});

sleep.run();
real.run();
