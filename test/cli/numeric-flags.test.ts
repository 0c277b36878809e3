import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { checkNumericFlag, numericFlag, PORT_RULE, SEED_RULE, type NumericRule } from '../../src/cli/numeric-flags.ts';
import { ConfigError } from '../../src/errors.ts';
import { captureIo } from '../helpers/capture-io.ts';

const refused = (flag: string, rule: NumericRule, value: unknown, message: RegExp): void => {
  assert.throws(() => checkNumericFlag(flag, rule, value), (e: unknown) => e instanceof ConfigError && message.test(e.message) && !e.message.includes('\n'), `${flag} ${String(value)}`);
};

const check = suite('checkNumericFlag');

check('whole numbers: in range accepted; 0, -1, fractions, words and past the limit refused, never clamped', () => {
  const rule: NumericRule = { kind: 'int', min: 1, max: 'concurrency' };
  assert.is(checkNumericFlag('--concurrency', rule, '8'), 8);
  assert.is(checkNumericFlag('--concurrency', rule, 10_000), 10_000);
  for (const bad of ['0', '-1', 'lots', '2.5', '', '1e3', '10001', 0, Number.NaN]) {
    refused('--concurrency', rule, bad, /^--concurrency: expected a whole number from 1 to 10000, found /);
  }
  refused('--concurrency', rule, 'lots', /found "lots"$/);
  refused('--concurrency', rule, true, /found true$/);
  assert.is(checkNumericFlag('--seed', SEED_RULE, '-7'), -7);
  refused('--base-port', PORT_RULE, '70000', /^--base-port: expected a whole number from 1 to 65535, found "70000"$/);
});

check('sizes, durations and rates: the scenario grammar and limits', () => {
  const size: NumericRule = { kind: 'size', max: 'layerSizeBytes' };
  assert.is(checkNumericFlag('--layer-size', size, '64MiB'), 64 * 1024 ** 2);
  assert.is(checkNumericFlag('--layer-size', size, '512'), 512);
  refused('--layer-size', size, '1TiB', /^--layer-size: expected a size such as "64MiB", from 1 byte to 64GiB, found "1TiB"$/);
  refused('--layer-size', size, '0', /from 1 byte/);
  refused('--layer-size', size, '12XB', /found "12XB"$/);
  const duration: NumericRule = { kind: 'duration', max: 'durationMs' };
  assert.is(checkNumericFlag('--timeout', duration, '30s'), 30_000);
  refused('--timeout', duration, '0', /above 0 and at most 7 days/);
  refused('--timeout', duration, '200h', /at most 7 days, found "200h"$/);
  assert.is(checkNumericFlag('--grace', { kind: 'duration', max: 'durationMs', zero: true }, '0'), 0);
  const rate: NumericRule = { kind: 'rate', max: 'ratePerSec' };
  assert.is(checkNumericFlag('--rate', rate, '30/m'), 0.5);
  refused('--rate', rate, '0/s', /above 0/);
  refused('--rate', rate, '1000000/s', /at most 100000\/s/);
  const fraction: NumericRule = { kind: 'fraction', above: 0, below: 1 };
  assert.is(checkNumericFlag('--confidence', fraction, '0.95'), 0.95);
  refused('--confidence', fraction, '1', /between 0 and 1/);
});

check('numericFlag: a string option whose coerce checks each element of a list', () => {
  const o = numericFlag('--percentiles', { kind: 'fraction', above: 0, below: 100 });
  assert.is(o.type, 'string');
  assert.equal(o.coerce(['50', '99.9']), [50, 99.9]);
  assert.throws(() => o.coerce(['50', '100']), /--percentiles: expected a number between 0 and 100/);
});

const commands = suite('numeric flags of the commands');

commands('every command: exit 2 and one line naming the flag and the rule, before anything runs', async () => {
  const cases: [string[], RegExp][] = [
    [['push', '--endpoint', 'http://127.0.0.1:9', '--insecure', '--repo', 'a/b', '--concurrency', '0'], /^replbench: --concurrency: expected a whole number from 1 to 10000, found "0"\n$/],
    [['push', '--endpoint', 'http://127.0.0.1:9', '--insecure', '--repo', 'a/b', '--concurrency', '-1'], /--concurrency: .*found "-1"\n$/],
    [['push', '--endpoint', 'http://127.0.0.1:9', '--insecure', '--repo', 'a/b', '--layers', 'lots'], /--layers: expected a whole number from 1 to 1000, found "lots"\n$/],
    [['push', '--endpoint', 'http://127.0.0.1:9', '--insecure', '--repo', 'a/b', '--layer-size', '1TiB'], /--layer-size: .* to 64GiB, found "1TiB"\n$/],
    [['push', '--endpoint', 'http://127.0.0.1:9', '--insecure', '--repo', 'a/b', '--chunk-size', '0'], /--chunk-size: /],
    [['push', '--endpoint', 'http://127.0.0.1:9', '--insecure', '--repo', 'a/b', '--index', '-3'], /--index: expected a whole number from 0 to 1000000/],
    [['pull', '--endpoint', 'http://127.0.0.1:9', '--insecure', 'a/b:c', '--concurrency', 'lots'], /--concurrency: .*found "lots"\n$/],
    [['probe', '--endpoint', 'http://127.0.0.1:9', '--insecure', 'a/b:c', '--timeout', 'never'], /--timeout: expected a duration/],
    [['run', 'scenarios/smoke.yaml', '--grace', 'soon'], /--grace: expected a duration such as "5s" or "500ms", from 0/],
    [['lab', '--base-port', '0'], /--base-port: expected a whole number from 1 to 65535, found "0"/],
    [['worker', '--region', 'a', '--coordinator', 'http://127.0.0.1:9', '--connect-timeout', '0'], /--connect-timeout: expected a duration .*found "0"/],
    [['compare', 'a', 'b', '--resamples', '10'], /--resamples: expected a whole number from 100 to 100000, found "10"/],
    [['compare', 'a', 'b', '--confidence', '2'], /--confidence: expected a number between 0 and 1/],
    [['k6', 'export', 'scenarios/smoke.yaml', '-o', '/nonexistent', '--parallelism', '0'], /--parallelism: /],
  ];
  for (const [args, message] of cases) {
    const io = captureIo();
    assert.is(await main(args, io), 2, args.join(' '));
    assert.match(io.err(), message, args.join(' '));
    assert.is(io.err().split('\n').length, 2, io.err());
  }
});

check.run();
commands.run();
