import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createFakeClock, createRealClock } from '../../src/lab/clock.ts';

const fake = suite('createFakeClock');

fake('runs callbacks at their own due time, in order, only when advanced', async () => {
  const clock = createFakeClock();
  const seen: [string, number][] = [];
  clock.at(20, () => seen.push(['b', clock.now()]));
  clock.at(10, () => seen.push(['a', clock.now()]));
  clock.at(50, () => seen.push(['c', clock.now()]));
  assert.is(clock.pending, 3);
  await clock.advance(30);
  assert.equal(seen, [['a', 10], ['b', 20]]);
  assert.is(clock.now(), 30);
  await clock.advanceTo(100);
  assert.equal(seen.at(-1), ['c', 50]);
  assert.is(clock.pending, 0);
});

fake('a callback may schedule another one inside the advanced span', async () => {
  const clock = createFakeClock();
  const seen: number[] = [];
  clock.at(5, () => clock.at(clock.now() + 5, () => seen.push(clock.now())));
  await clock.advance(20);
  assert.equal(seen, [10]);
});

fake('cancel stops a callback; toEpochMs adds the epoch base', async () => {
  const clock = createFakeClock({ epochBaseMs: 1_000_000 });
  let ran = false;
  const cancel = clock.at(1, () => (ran = true));
  cancel();
  await clock.advance(5);
  assert.is(ran, false);
  assert.is(clock.toEpochMs(5), 1_000_005);
});

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

fake.run();
real.run();
