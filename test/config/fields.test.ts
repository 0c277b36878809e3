import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { ConfigError } from '../../src/errors.ts';
import {
  bandwidthBytesPerSec,
  count,
  durationMs,
  envVarName,
  globToRegExp,
  inlineSecret,
  matchesAnyGlob,
  positiveBytes,
  positiveDurationMs,
  positiveRatePerSec,
  repositoryTemplate,
  scenarioName,
  tagTemplate,
} from '../../src/config/fields.ts';
import { parseBandwidth } from '../../src/units.ts';
import { configErrorMap, formatPath, issuesToConfigError } from '../../src/config/issues.ts';

const units = suite('durationMs / bandwidthBytesPerSec');

units('parse units into ms and bytes per second', () => {
  assert.is(durationMs.parse('80ms'), 80);
  assert.is(durationMs.parse('1.5s'), 1500);
  assert.is(durationMs.parse(3), 3);
  assert.is(bandwidthBytesPerSec.parse('50MiB/s'), 50 * 1024 * 1024);
  assert.is(bandwidthBytesPerSec.parse('1 GB / s'), 1e9);
  assert.is(bandwidthBytesPerSec.parse(1000), 1000);
});

units('bad text becomes an issue carrying the units message', () => {
  const r = durationMs.safeParse('soon');
  assert.is(r.success, false);
  assert.match(r.error!.issues[0]!.message, /expected a duration/);
  assert.throws(() => parseBandwidth('50MiB'), (e: unknown) => e instanceof ConfigError && /"50MiB"/.test(e.message));
  assert.throws(() => parseBandwidth('0/s'), (e: unknown) => e instanceof ConfigError);
  assert.throws(() => parseBandwidth(-5), (e: unknown) => e instanceof ConfigError);
});

const globs = suite('globToRegExp / matchesAnyGlob');

globs('"*" stays within a path segment, "**" crosses segments', () => {
  assert.ok(globToRegExp('apps/*').test('apps/web'));
  assert.not.ok(globToRegExp('apps/*').test('apps/web/api'));
  assert.ok(globToRegExp('apps/**').test('apps/web/api'));
  assert.ok(globToRegExp('lib?').test('lib1'));
  assert.not.ok(globToRegExp('a.b').test('axb'));
  assert.ok(matchesAnyGlob('x', undefined));
  assert.ok(matchesAnyGlob('base/alpine', ['apps/*', 'base/*']));
  assert.not.ok(matchesAnyGlob('other', ['apps/*']));
});

const errors = suite('the fields through issuesToConfigError / formatPath');

errors('names the source and the field path of each issue', () => {
  const schema = z.object({ links: z.array(z.object({ rtt: durationMs })) });
  const input = { links: [{ rtt: '1ms' }, { rtt: 'x' }] };
  const r = schema.safeParse(input, { error: configErrorMap });
  const err = issuesToConfigError('lab.yaml', r.error!.issues, input, ['target']);
  assert.instance(err, ConfigError);
  assert.match(err.message, /^lab\.yaml: target\.links\[1\]\.rtt: expected a duration/);
  assert.is(formatPath([]), '(top level)');
  assert.is(formatPath(['a', 0, 'b']), 'a[0].b');
});

units.run();
globs.run();
errors.run();

function firstMessage(schema: z.ZodType, input: unknown): string | undefined {
  const r = schema.safeParse(input);
  return r.success ? undefined : r.error.issues[0]?.message;
}

const duration = suite('positiveDurationMs');
duration('text or ms; > 0', () => {
  assert.is(positiveDurationMs.parse('1m30s'), 90_000);
  assert.is(positiveDurationMs.parse(250), 250);
  assert.is(firstMessage(positiveDurationMs, 'soon'), 'expected a duration such as "250ms", "2s" or "5m", found "soon"');
  assert.is(firstMessage(positiveDurationMs, '0s'), 'expected a duration > 0, found "0s"');
  assert.is(firstMessage(positiveDurationMs, true), 'expected a duration such as "2s"');
});
duration.run();

const bytes = suite('positiveBytes');
bytes('text or bytes; ≥ 1', () => {
  assert.is(positiveBytes.parse('5MiB'), 5 * 1024 * 1024);
  assert.is(positiveBytes.parse(7), 7);
  assert.is(firstMessage(positiveBytes, 0), 'expected a size ≥ 1, found 0');
  assert.match(firstMessage(positiveBytes, '5 parsecs') ?? '', /^expected a size such as .*found "5 parsecs"$/);
});
bytes.run();

const rate = suite('positiveRatePerSec');
rate('text or per second; > 0', () => {
  assert.is(positiveRatePerSec.parse('5/s'), 5);
  assert.is(positiveRatePerSec.parse('120/m'), 2);
  assert.is(positiveRatePerSec.parse(0.5), 0.5);
  assert.is(firstMessage(positiveRatePerSec, '0/s'), 'expected a rate > 0, found "0/s"');
  assert.match(firstMessage(positiveRatePerSec, 'fast') ?? '', /found "fast"/);
});
rate.run();

const counts = suite('count');
counts('whole numbers from a minimum', () => {
  assert.is(count(1, 'x').parse(3), 3);
  assert.not.ok(count(1, 'x').safeParse(0).success);
  assert.not.ok(count(0, 'x').safeParse(1.5).success);
  assert.ok(count(0, 'x').safeParse(0).success);
});
counts.run();

const names = suite('scenarioName, repositoryTemplate, tagTemplate, envVarName');
names('OCI grammar with {i} as the index; names fit a run id', () => {
  assert.ok(scenarioName.safeParse('smoke-1.x').success);
  assert.not.ok(scenarioName.safeParse('a b').success);
  assert.not.ok(scenarioName.safeParse('../up').success);
  assert.ok(repositoryTemplate.safeParse('bench/app-{i}').success);
  assert.not.ok(repositoryTemplate.safeParse('Bench/App').success);
  assert.ok(tagTemplate.safeParse('build-{i}').success);
  assert.not.ok(tagTemplate.safeParse('-x').success);
  assert.ok(envVarName.safeParse('REG_PW').success);
  assert.not.ok(envVarName.safeParse('not a name').success);
});
names.run();

const secret = suite('inlineSecret');
secret('absent is fine; present is refused without echoing it', () => {
  const s = z.strictObject({ password: inlineSecret('password', 'passwordEnv') });
  assert.ok(s.safeParse({}).success);
  const m = firstMessage(s, { password: 'hunter2' }) ?? '';
  assert.match(m, /^expected passwordEnv naming an environment variable .*found an inline password$/);
  assert.not.match(m, /hunter2/);
});
secret.run();
