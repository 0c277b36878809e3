import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { createSyncPolicy, parseIsoDurationMs, parseSchedule } from '../../src/lab/sync-schedule.ts';

const T0 = Date.UTC(2025, 0, 6, 10, 0, 0); // a Monday, 10:00:00 UTC
const clock = { toEpochMs: (t: number) => T0 + t };

const schedule = suite('parseSchedule');

schedule('"every 10s" ticks from the origin', () => {
  const next = parseSchedule('every 10s', T0);
  assert.is(next(T0), T0);
  assert.is(next(T0 + 1), T0 + 10_000);
  assert.is(next(T0 + 10_000), T0 + 10_000);
  assert.is(next(T0 - 5000), T0);
});

schedule('5-field cron ticks on whole minutes, 6-field on seconds (UTC)', () => {
  assert.is(parseSchedule('*/15 * * * *')(T0 + 1), T0 + 15 * 60_000);
  assert.is(parseSchedule('0 12 * * *')(T0), T0 + 2 * 3600_000);
  assert.is(parseSchedule('*/5 * * * * *')(T0 + 1000), T0 + 5000);
  assert.is(parseSchedule('0 0 * * 0')(T0), Date.UTC(2025, 0, 12)); // next Sunday
  assert.is(parseSchedule('30 9 1 * *')(T0), Date.UTC(2025, 1, 1, 9, 30));
});

schedule('rejects what it cannot read', () => {
  for (const bad of ['sometimes', '* * *', '61 * * * *', '*/0 * * * *', 'every 0s']) {
    assert.throws(() => parseSchedule(bad), (e: unknown) => e instanceof ConfigError, bad);
  }
  assert.throws(() => parseSchedule('0 0 30 2 *')(T0), (e: unknown) => e instanceof ConfigError && /never fires/.test(e.message));
});

const policy = suite('createSyncPolicy');

policy('no schedule: continuous', () => {
  const p = createSyncPolicy({}, clock, 0);
  assert.is(p.nextSyncMs(1234), 1234);
});

policy('schedule + window: inside the window at once, else at the next start', () => {
  const p = createSyncPolicy({ schedule: 'every 10s', windowMs: 3000 }, clock, 0);
  assert.is(p.nextSyncMs(0), 0);
  assert.is(p.nextSyncMs(2999), 2999);
  assert.is(p.nextSyncMs(3000), 10_000);
  assert.is(p.nextSyncMs(12_500), 12_500);
  assert.is(p.nextSyncMs(14_000), 20_000);
});

policy('schedule without window: only at the start instants', () => {
  const p = createSyncPolicy({ schedule: 'every 10s' }, clock, 0);
  assert.is(p.nextSyncMs(1), 10_000);
  assert.is(p.nextSyncMs(10_000), 10_000);
});

const iso = suite('parseIsoDurationMs');

iso('reads ACR-style ISO 8601 windows', () => {
  assert.is(parseIsoDurationMs('PT3H'), 3 * 3600_000);
  assert.is(parseIsoDurationMs('PT1M30S'), 90_000);
  assert.is(parseIsoDurationMs('P1DT2H'), 26 * 3600_000);
  assert.is(parseIsoDurationMs('3h'), undefined);
  assert.is(parseIsoDurationMs('PT'), undefined);
});

schedule.run();
policy.run();
iso.run();
