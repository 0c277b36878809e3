import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { createRateLimiter } from '../../src/measure/rate-limiter.ts';
import { VirtualClock } from '../../src/time/virtual-clock.ts';

const limiter = suite('createRateLimiter');
limiter('spaces acquisitions 1/rate apart, in order, after the burst', async () => {
  const clock = new VirtualClock();
  const l = createRateLimiter({ ratePerSecond: 10, burst: 2, now: clock.now, sleep: clock.sleep });
  const times: number[] = [];
  await clock.run(Promise.all(Array.from({ length: 5 }, () => l.acquire().then(() => times.push(clock.now())))));
  assert.equal(times, [0, 0, 100, 200, 300]);
  assert.is(l.granted, 5);
});
limiter('an idle period refills up to the burst only', async () => {
  const clock = new VirtualClock();
  const l = createRateLimiter({ ratePerSecond: 100, now: clock.now, sleep: clock.sleep });
  const times: number[] = [];
  await clock.run(async () => {
    await l.acquire();
    await clock.sleep(1_000);
    for (let i = 0; i < 3; i++) await l.acquire().then(() => times.push(clock.now()));
  });
  assert.equal(times, [1_000, 1_010, 1_020]);
});
limiter('abort rejects a waiting acquisition', async () => {
  const clock = new VirtualClock();
  const l = createRateLimiter({ ratePerSecond: 1, now: clock.now, sleep: clock.sleep });
  const ctl = new AbortController();
  const outcome = await clock.run(async () => {
    await l.acquire();
    const waiting = l.acquire(ctl.signal).catch((e: unknown) => e);
    await clock.sleep(10);
    ctl.abort();
    return waiting;
  });
  assert.instance(outcome, AbortedError);
  try {
    await l.acquire(AbortSignal.abort());
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, AbortedError);
  }
});
limiter('rejects a rate ≤ 0 and a burst below 1', () => {
  assert.throws(() => createRateLimiter({ ratePerSecond: 0 }), /rate must be a number > 0/);
  assert.throws(() => createRateLimiter({ ratePerSecond: 5, burst: 0 }), /burst must be an integer ≥ 1/);
});
limiter.run();
