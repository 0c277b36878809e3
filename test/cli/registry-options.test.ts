import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { credentialsFromArgs } from '../../src/cli/registry-options.ts';

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
