import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { clientFor, credentialsFromArgs, parseMinRate, type RegistryArgs } from '../../src/cli/registry-options.ts';
import { registryTarget } from '../../src/cli/image-ref.ts';
import { captureIo } from '../helpers/capture-io.ts';

const creds = suite('credentialsFromArgs');
const none = { 'password-stdin': false, 'token-stdin': false };
const stdin = (text: string) => () => text;
const noStdin = () => {
  throw new Error('stdin read');
};

creds('--password-stdin pairs with --username', () => {
  assert.equal(credentialsFromArgs({ ...none, username: 'u', 'password-stdin': true }, {}, stdin('s3cret\n')), { credentials: { username: 'u', password: 's3cret' } });
});
creds('--password-stdin without --username takes REPLBENCH_USERNAME, as --username\'s help says', () => {
  assert.equal(credentialsFromArgs({ ...none, 'password-stdin': true }, { REPLBENCH_USERNAME: 'envuser' }, stdin('s3cret\r\n')), { credentials: { username: 'envuser', password: 's3cret' } });
  assert.equal(credentialsFromArgs({ ...none, password: 'p' }, { REPLBENCH_USERNAME: 'envuser' }, noStdin), { credentials: { username: 'envuser', password: 'p' } });
});
creds('a password with no user name anywhere is refused, never sent as a Bearer token', () => {
  assert.throws(() => credentialsFromArgs({ ...none, 'password-stdin': true }, {}, stdin('s3cret')), /--password-stdin needs a user name: --username or REPLBENCH_USERNAME.*--token-stdin/);
  assert.throws(() => credentialsFromArgs({ ...none, password: 'p' }, {}, noStdin), /--password needs a user name/);
});
creds('Bearer only when asked: --token-stdin', () => {
  assert.equal(credentialsFromArgs({ ...none, 'token-stdin': true }, { REPLBENCH_USERNAME: 'ignored' }, stdin('tok\n')), { credentials: { token: 'tok' } });
  assert.throws(() => credentialsFromArgs({ ...none, 'token-stdin': true, username: 'u' }, {}, stdin('tok')), /no user name/);
  assert.throws(() => credentialsFromArgs({ ...none, 'token-stdin': true }, {}, stdin('\n')), /empty/);
  assert.throws(() => credentialsFromArgs({ ...none, 'token-stdin': true, 'password-stdin': true }, {}, stdin('x')), /give one of them/);
});
creds('nothing given: nothing explicit (the environment and Docker config.json decide)', () => {
  assert.equal(credentialsFromArgs(none, { REPLBENCH_USERNAME: 'u' }, noStdin), {});
  assert.throws(() => credentialsFromArgs({ ...none, username: 'u' }, {}, noStdin), /--username needs --password/);
});
creds.run();

const args = (extra: Partial<RegistryArgs>): RegistryArgs => ({
  endpoint: 'http://127.0.0.1:1',
  insecure: true,
  'password-stdin': false,
  'token-stdin': false,
  timeout: 30_000,
  deadline: 600_000,
  'min-rate': '1KiB/s',
  'stall-window': 30_000,
  ...extra,
});

const limits = suite('request budget flags');
limits('--deadline, --min-rate and --stall-window reach the client', async () => {
  const client = clientFor(registryTarget('127.0.0.1:1/a/b:c', { endpoint: undefined, insecure: true }), args({ deadline: 90_000, 'min-rate': '64KiB/s', 'stall-window': 5_000 }), captureIo());
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
