import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { runClockUs, settleTurns, throwIfAborted } from '../../src/time/clock.ts';

const abort = suite('throwIfAborted');
abort('throws only for a fired signal, naming what was aborted', () => {
  throwIfAborted(undefined);
  throwIfAborted(new AbortController().signal);
  assert.throws(() => throwIfAborted(AbortSignal.abort(), 'the pull'), (e: unknown) => e instanceof AbortedError && /the pull/.test(e.message));
});
abort.run();

const clock = suite('runClockUs');
clock('counts whole µs since the start on the injected ms clock', () => {
  let nowMs = 1000;
  const t = runClockUs(() => nowMs);
  assert.is(t(), 0);
  nowMs = 1002.5004;
  assert.is(t(), 2500);
  const fromStart = runClockUs(() => nowMs, 1000);
  assert.is(fromStart(), 2500);
});
clock.run();

const settle = suite('settleTurns');
settle('lets the given number of macrotask turns run', async () => {
  let turns = 0;
  const tick = (): void => {
    turns++;
    if (turns < 10) setImmediate(tick);
  };
  setImmediate(tick);
  await settleTurns(3);
  assert.ok(turns >= 3 && turns < 10, String(turns));
  await settleTurns(10);
  assert.is(turns, 10);
});
settle.run();
