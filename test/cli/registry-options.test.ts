import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { clientFromArgs, parseMinRate, type RegistryArgs } from '../../src/cli/registry-options.ts';
import { captureIo } from '../helpers/capture-io.ts';

const args = (extra: Partial<RegistryArgs>): RegistryArgs => ({
  endpoint: 'http://127.0.0.1:1',
  insecure: true,
  'password-stdin': false,
  timeout: '30s',
  deadline: '10m',
  'min-rate': '1KiB/s',
  'stall-window': '30s',
  ...extra,
});

const limits = suite('request budget flags');
limits('--deadline, --min-rate and --stall-window reach the client', async () => {
  const client = clientFromArgs(args({ deadline: '90s', 'min-rate': '64KiB/s', 'stall-window': '5s' }), captureIo());
  try {
    assert.equal(client.limits, { deadlineMs: 90_000, minRateBytesPerSec: 65_536, stallWindowMs: 5_000 });
  } finally {
    await client.close();
  }
});
limits('parseMinRate: a rate, bare bytes per second, or 0 (off); anything else names the flag', () => {
  assert.is(parseMinRate('10KiB/s'), 10_240);
  assert.is(parseMinRate('512'), 512);
  assert.is(parseMinRate('0'), 0);
  assert.is(parseMinRate('0B/s'), 0);
  assert.throws(() => parseMinRate('fast'), /--min-rate: expected a rate such as "10KiB\/s", or 0 for no rate check, found "fast"/);
});
limits('a bad value is exit 2 with one line naming the flag', async () => {
  for (const [flag, value] of [['--deadline', 'soon'], ['--stall-window', '0s'], ['--min-rate', '5KiB']] as const) {
    const io = captureIo();
    assert.is(await main(['pull', '--endpoint', 'http://127.0.0.1:1', '--insecure', 'a/b:c', flag, value], io), 2, flag);
    assert.match(io.err(), new RegExp(`^replbench: ${flag}: expected `), io.err());
  }
});
limits.run();
