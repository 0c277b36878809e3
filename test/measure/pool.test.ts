import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { createPool } from '../../src/measure/pool.ts';
import { VirtualClock } from '../../src/time/virtual-clock.ts';

const pool = suite('createPool');
pool('never runs more than `concurrency` tasks and keeps FIFO order', async () => {
  const clock = new VirtualClock();
  const p = createPool(2);
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const task = (i: number) => async (): Promise<number> => {
    started.push(i);
    running++;
    peak = Math.max(peak, running);
    await clock.sleep(10);
    running--;
    return i * 10;
  };
  const results = await clock.run(Promise.all([0, 1, 2, 3, 4].map((i) => p.run(task(i)))));
  assert.equal(results, [0, 10, 20, 30, 40]);
  assert.is(peak, 2);
  assert.equal(started, [0, 1, 2, 3, 4]);
  assert.is(clock.now(), 30);
  assert.is(p.active, 0);
  assert.is(p.queued, 0);
});
pool('errors pass through and free the slot', async () => {
  const p = createPool(1);
  try {
    await p.run(async () => {
      throw new Error('task failed');
    });
    assert.unreachable('should reject');
  } catch (err) {
    assert.is((err as Error).message, 'task failed');
  }
  assert.is(await p.run(async () => 7), 7);
  // A task that throws synchronously is a rejection too.
  try {
    await p.run((() => {
      throw new Error('sync');
    }) as () => Promise<void>);
    assert.unreachable('should reject');
  } catch (err) {
    assert.is((err as Error).message, 'sync');
  }
});
pool('after abort: nothing new starts, waiting tasks reject, running ones finish', async () => {
  const clock = new VirtualClock();
  const ctl = new AbortController();
  const p = createPool(1, ctl.signal);
  let secondStarted = false;
  const outcome = await clock.run(async () => {
    const first = p.run(async () => {
      await clock.sleep(50);
      return 'first done';
    });
    const second = p.run(async () => {
      secondStarted = true;
      return 'second done';
    }).catch((e: unknown) => e);
    await clock.sleep(10);
    ctl.abort();
    const late = await p.run(async () => 'late').catch((e: unknown) => e);
    return [await first, await second, late] as const;
  });
  assert.is(outcome[0], 'first done');
  assert.instance(outcome[1], AbortedError);
  assert.instance(outcome[2], AbortedError);
  assert.not.ok(secondStarted);
  await p.idle();
});
pool('idle() resolves once everything settled', async () => {
  const clock = new VirtualClock();
  const p = createPool(3);
  await p.idle();
  let done = 0;
  await clock.run(async () => {
    for (let i = 0; i < 5; i++) void p.run(async () => void (await clock.sleep(i * 5), done++));
    await p.idle();
  });
  assert.is(done, 5);
});
pool('rejects a concurrency below 1', () => {
  assert.throws(() => createPool(0), /concurrency must be an integer ≥ 1/);
  assert.throws(() => createPool(1.5), /concurrency/);
});
pool.run();
