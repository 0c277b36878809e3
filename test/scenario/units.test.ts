import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatBytes, formatDurationMs, parseBytes, parseDurationMs, parseRatePerSecond } from '../../src/scenario/units.ts';
import { ConfigError } from '../../src/errors.ts';

const isConfigError = (e: unknown): boolean => e instanceof ConfigError;

const bytes = suite('parseBytes');
bytes('reads binary and decimal units', () => {
  assert.is(parseBytes('512KiB'), 512 * 1024);
  assert.is(parseBytes('64MiB'), 64 * 1024 * 1024);
  assert.is(parseBytes('1GiB'), 1024 ** 3);
  assert.is(parseBytes('1.5GB'), 1.5e9);
  assert.is(parseBytes('100'), 100);
  assert.is(parseBytes('7 B'), 7);
  assert.is(parseBytes(4096), 4096);
});
bytes('rejects unknown units and negatives with a ConfigError naming the text', () => {
  assert.throws(() => parseBytes('64MB/s'), (e: unknown) => e instanceof ConfigError && /"64MB\/s"/.test(e.message));
  assert.throws(() => parseBytes('twelve'), isConfigError);
  assert.throws(() => parseBytes(-1), isConfigError);
  assert.throws(() => parseBytes(''), isConfigError);
});
bytes.run();

const durations = suite('parseDurationMs');
durations('reads single and compound durations', () => {
  assert.is(parseDurationMs('250ms'), 250);
  assert.is(parseDurationMs('2s'), 2000);
  assert.is(parseDurationMs('2.5s'), 2500);
  assert.is(parseDurationMs('5m'), 300_000);
  assert.is(parseDurationMs('1h30m'), 5_400_000);
  assert.is(parseDurationMs('1m30s'), 90_000);
  assert.is(parseDurationMs('500us'), 0.5);
  assert.is(parseDurationMs('40'), 40);
  assert.is(parseDurationMs(0), 0);
});
durations('rejects trailing garbage and unknown units', () => {
  assert.throws(() => parseDurationMs('2sec'), isConfigError);
  assert.throws(() => parseDurationMs('5 minutes'), isConfigError);
  assert.throws(() => parseDurationMs('s'), isConfigError);
  assert.throws(() => parseDurationMs(-5), isConfigError);
});
durations.run();

const rates = suite('parseRatePerSecond');
rates('converts to events per second', () => {
  assert.is(parseRatePerSecond('20/s'), 20);
  assert.is(parseRatePerSecond('120/m'), 2);
  assert.is(parseRatePerSecond('3600/h'), 1);
  assert.is(parseRatePerSecond(5), 5);
});
rates('rejects a rate without a period', () => {
  assert.throws(() => parseRatePerSecond('20'), isConfigError);
  assert.throws(() => parseRatePerSecond('20 per second'), isConfigError);
});
rates.run();

const fmt = suite('formatBytes and formatDurationMs');
fmt('formats back into readable units', () => {
  assert.is(formatBytes(64 * 1024 * 1024), '64MiB');
  assert.is(formatBytes(1536), '1.5KiB');
  assert.is(formatBytes(10), '10B');
  assert.is(formatDurationMs(1234.5), '1.23s');
  assert.is(formatDurationMs(12.3), '12.3ms');
  assert.is(formatDurationMs(0.25), '250µs');
  assert.is(formatDurationMs(90_000), '1.5m');
});
fmt.run();
