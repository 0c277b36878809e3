import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, UsageError } from '../../src/errors.ts';
import { bestOffset, estimateClockOffset, offsetOf, toCoordinatorMs, toWorkerMs, type TimeSample } from '../../src/dist/clock-offset.ts';

/** A worker clock `offsetMs` ahead, a path of `upMs` out and `downMs` back, `workMs` spent on the worker. */
function sample(t0: number, offsetMs: number, upMs: number, downMs: number, workMs = 0.1): TimeSample {
  const t1 = t0 + upMs + offsetMs;
  const t2 = t1 + workMs;
  return { t0, t1, t2, t3: t2 - offsetMs + downMs };
}

const one = suite('offsetOf');

one('a symmetric path gives the exact offset; the round trip excludes the worker’s time', () => {
  const o = offsetOf(sample(1000, 37.5, 4, 4, 2));
  assert.is(o.offsetMs, 37.5);
  assert.is(o.rttMs, 8);
});

one('an asymmetric path errs by half the asymmetry, within ± rtt/2', () => {
  const o = offsetOf(sample(0, -12, 9, 1));
  assert.is(o.offsetMs, -12 + (9 - 1) / 2);
  assert.ok(Math.abs(o.offsetMs - -12) <= o.rttMs / 2);
});

one.run();

const best = suite('bestOffset');

best('keeps the minimum-round-trip sample; uncertainty is half its round trip', () => {
  const o = bestOffset([sample(0, 5, 30, 2), sample(100, 5, 1, 1.5), sample(200, 5, 8, 8)]);
  assert.is(o.rttMs, 2.5);
  assert.is(o.uncertaintyMs, 1.25);
  assert.ok(Math.abs(o.offsetMs - 5) <= o.uncertaintyMs);
  assert.is(o.rounds, 3);
  assert.throws(() => bestOffset([]), (e: unknown) => e instanceof UsageError);
});

best.run();

const estimate = suite('estimateClockOffset');

estimate('runs the rounds one after another; bounds the true offset', async () => {
  let t = 0;
  const ups = [20, 3, 0.5, 7, 1, 1, 9, 2];
  let i = 0;
  const o = await estimateClockOffset(async () => {
    const up = ups[i++ % ups.length] ?? 1;
    const s = sample(t, -250, up, 1);
    t += 50;
    return s;
  });
  assert.is(i, 8);
  assert.is(o.rounds, 8);
  assert.ok(Math.abs(o.offsetMs - -250) <= o.uncertaintyMs + 1e-9);
  assert.is(o.rttMs, 1.5);
});

estimate('rejects a bad round count and stops when aborted', async () => {
  try {
    await estimateClockOffset(async () => sample(0, 0, 1, 1), { rounds: 0 });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, UsageError);
  }
  const ac = new AbortController();
  ac.abort();
  try {
    await estimateClockOffset(async () => sample(0, 0, 1, 1), { signal: ac.signal });
    assert.unreachable();
  } catch (err) {
    assert.instance(err, AbortedError);
  }
});

estimate.run();

const convert = suite('toCoordinatorMs / toWorkerMs');

convert('inverse of each other', () => {
  const o = { offsetMs: 12.5 };
  assert.is(toWorkerMs(100, o), 112.5);
  assert.is(toCoordinatorMs(toWorkerMs(100, o), o), 100);
});

convert.run();
