import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ADAPTIVE_DEFAULTS,
  checkSchedule,
  DEFAULT_SCHEDULE,
  nextProbeDelayMs,
  nextProbeOffsetMs,
  withPrior,
  type ProbeSchedule,
} from '../../src/measure/probe-schedule.ts';

/** Offsets of every probe up to and including the first at or after `untilMs`. */
function offsets(schedule: ProbeSchedule, untilMs: number): number[] {
  const out: number[] = [];
  let last: number | undefined;
  while (last === undefined || last < untilMs) out.push((last = nextProbeOffsetMs(schedule, last)));
  return out;
}

const next = suite('nextProbeOffsetMs');
next('fixed: every intervalMs from the commit point', () => {
  assert.equal(offsets({ kind: 'fixed', intervalMs: 100 }, 300), [100, 200, 300]);
});
next('adaptive cold: interval = floor + fraction × elapsed, so the bracket meets 10 ms + 2% everywhere, with 3 ms to spare', () => {
  const s: ProbeSchedule = { kind: 'adaptive', floorMs: 20, fraction: 0.04, maxIntervalMs: 30_000 };
  assert.is(nextProbeOffsetMs(s, undefined), 20);
  assert.is(nextProbeOffsetMs(s, 1000), 1000 + 20 + 40);
  for (const at of offsets(DEFAULT_SCHEDULE, 60_000)) {
    const interval = nextProbeOffsetMs(DEFAULT_SCHEDULE, at) - at;
    assert.ok(interval / 2 <= 10 + 0.02 * at - 3 + 1e-9, `interval ${interval} at ${at}`);
  }
});
next('adaptive cold: probe counts grow with the log of the lag', () => {
  assert.ok(offsets(DEFAULT_SCHEDULE, 2_000).length <= 52);
  assert.ok(offsets(DEFAULT_SCHEDULE, 60_000).length <= 135);
  assert.ok(offsets(DEFAULT_SCHEDULE, 100).length <= 7);
});
next('the interval never exceeds maxIntervalMs', () => {
  const s: ProbeSchedule = { kind: 'adaptive', floorMs: 10, fraction: 0.5, maxIntervalMs: 1_000 };
  assert.is(nextProbeOffsetMs(s, 100_000), 101_000);
});
next('with a prior: lowMs/2 and lowMs, then capped at the median interval until highMs', () => {
  const prior = { lowMs: 600, medianMs: 2_000, highMs: 6_000, samples: 50 };
  const s = withPrior(DEFAULT_SCHEDULE, prior);
  const { floorMs, fraction } = ADAPTIVE_DEFAULTS;
  assert.is(nextProbeOffsetMs(s, undefined), 300);
  assert.is(nextProbeOffsetMs(s, 300), 600);
  assert.is(nextProbeOffsetMs(s, 600), 600 + floorMs + fraction * 600);
  assert.is(nextProbeOffsetMs(s, 4_000), 4_000 + floorMs + fraction * 2_000);
  assert.is(nextProbeOffsetMs(s, 10_000), 10_000 + floorMs + fraction * 10_000);
  assert.ok(offsets(s, 2_000).length < offsets(DEFAULT_SCHEDULE, 2_000).length - 10);
});
next('a prior whose lowMs is too small for a sparse zone changes nothing below it', () => {
  const s = withPrior(DEFAULT_SCHEDULE, { lowMs: 20, medianMs: 100, highMs: 400, samples: 9 });
  assert.is(nextProbeOffsetMs(s, undefined), ADAPTIVE_DEFAULTS.floorMs);
});
next.run();

const delay = suite('nextProbeDelayMs');
delay('is the gap from the previous probe (from the commit point for the first)', () => {
  assert.is(nextProbeDelayMs({ kind: 'fixed', intervalMs: 75 }, { lastOffsetMs: undefined }), 75);
  assert.is(nextProbeDelayMs(DEFAULT_SCHEDULE, { lastOffsetMs: 1000 }), ADAPTIVE_DEFAULTS.floorMs + ADAPTIVE_DEFAULTS.fraction * 1000);
});
delay.run();

const prior = suite('withPrior');
prior('sets or clears the prior of an adaptive schedule; fixed ignores it', () => {
  const p = { lowMs: 1, medianMs: 2, highMs: 3, samples: 5 };
  const s = withPrior(DEFAULT_SCHEDULE, p);
  assert.equal(s.kind === 'adaptive' && s.prior, p);
  assert.not.ok('prior' in withPrior(s, undefined));
  const fixed: ProbeSchedule = { kind: 'fixed', intervalMs: 10 };
  assert.is(withPrior(fixed, p), fixed);
});
prior.run();

const check = suite('checkSchedule');
check('accepts the defaults, names the field that is wrong', () => {
  assert.is(checkSchedule(DEFAULT_SCHEDULE), DEFAULT_SCHEDULE);
  assert.throws(() => checkSchedule({ kind: 'fixed', intervalMs: 0 }), /intervalMs must be a number > 0/);
  assert.throws(() => checkSchedule({ ...DEFAULT_SCHEDULE, floorMs: Number.NaN }), /floorMs/);
  assert.throws(() => checkSchedule({ ...DEFAULT_SCHEDULE, fraction: 1 }), /fraction must be in \[0, 1\)/);
  assert.throws(() => checkSchedule({ ...DEFAULT_SCHEDULE, maxIntervalMs: 5 }), /maxIntervalMs \(5\) must not be below floorMs/);
});
check.run();
