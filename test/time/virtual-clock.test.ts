import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { VirtualClock } from '../../src/time/virtual-clock.ts';

const run = suite('VirtualClock.run');
run('advances time to each sleep in order and returns the result', async () => {
  const clock = new VirtualClock({ startMs: 100 });
  const seen: string[] = [];
  const result = await clock.run(async () => {
    await Promise.all([
      clock.sleep(30).then(() => seen.push(`b@${clock.now()}`)),
      clock.sleep(10).then(() => seen.push(`a@${clock.now()}`)),
      clock.sleep(30).then(() => seen.push(`c@${clock.now()}`)),
    ]);
    return clock.now();
  });
  assert.is(result, 130);
  assert.equal(seen, ['a@110', 'b@130', 'c@130']);
});
run('a minute of sleeps takes no real time to speak of', async () => {
  const clock = new VirtualClock();
  await clock.run(async () => {
    for (let i = 0; i < 600; i++) await clock.sleep(100);
  });
  assert.is(clock.now(), 60_000);
});
run('rejections pass through', async () => {
  const clock = new VirtualClock();
  try {
    await clock.run(async () => {
      await clock.sleep(5);
      throw new Error('boom');
    });
    assert.unreachable('should reject');
  } catch (err) {
    assert.is((err as Error).message, 'boom');
  }
});
run('work waiting on something else than the clock fails instead of hanging', async () => {
  const clock = new VirtualClock();
  try {
    await clock.run(new Promise(() => undefined));
    assert.unreachable('should reject');
  } catch (err) {
    assert.match((err as Error).message, /no timer pending/);
  }
});
run('maxSteps bounds a runaway loop', async () => {
  const clock = new VirtualClock();
  try {
    await clock.run(async () => {
      for (;;) await clock.sleep(1);
    }, { maxSteps: 50 });
    assert.unreachable('should reject');
  } catch (err) {
    assert.match((err as Error).message, /50 steps/);
  }
});
run.run();

const sleep = suite('VirtualClock.sleep');
sleep('an aborted sleep rejects with AbortedError and leaves no timer behind', async () => {
  const clock = new VirtualClock();
  const ctl = new AbortController();
  const outcome = await clock.run(async () => {
    const pending = clock.sleep(1_000, ctl.signal).then(() => 'fired', (e: unknown) => e);
    await clock.sleep(10);
    ctl.abort();
    return pending;
  });
  assert.instance(outcome, AbortedError);
  assert.is(clock.now(), 10);
  assert.is(clock.pending, 0);
});
sleep('zero and negative sleeps yield at the current time', async () => {
  const clock = new VirtualClock({ startMs: 5 });
  await clock.run(async () => {
    await clock.sleep(0);
    await clock.sleep(-3);
  });
  assert.is(clock.now(), 5);
});
sleep.run();

const advance = suite('VirtualClock.advance');

advance('runs callbacks at their own due time, in order, only when advanced', async () => {
  const clock = new VirtualClock();
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

advance('a callback may schedule another one inside the advanced span', async () => {
  const clock = new VirtualClock();
  const seen: number[] = [];
  clock.at(5, () => clock.at(clock.now() + 5, () => seen.push(clock.now())));
  await clock.advance(20);
  assert.equal(seen, [10]);
});

advance('cancel stops a callback; toEpochMs adds the epoch base', async () => {
  const clock = new VirtualClock({ epochBaseMs: 1_000_000 });
  let ran = false;
  const cancel = clock.at(1, () => (ran = true));
  cancel();
  await clock.advance(5);
  assert.is(ran, false);
  assert.is(clock.toEpochMs(5), 1_000_005);
});

advance.run();
