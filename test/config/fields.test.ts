import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { z } from 'zod';
import { ConfigError } from '../../src/errors.ts';
import {
  bandwidthBytesPerSec,
  durationMs,
  globToRegExp,
  matchesAnyGlob,
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
