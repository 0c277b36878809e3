import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { redact, REDACTED, SecretSet } from '../src/redact.ts';

const set = suite('SecretSet');

set('a secret goes in every form it travels in: as is, base64, URL-encoded, JSON-escaped', () => {
  const s = new SecretSet();
  const secret = 'S3cret"Passw0rd!/+';
  s.add(secret);
  for (const form of [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
    assert.is(s.redact(`before ${form} after`), `before ${REDACTED} after`, form);
  }
});

set('Basic: the password and the header\'s base64 of user:password, never the user name alone', () => {
  const s = new SecretSet();
  s.addBasic('alice', 'S3cretPassw0rd!');
  const header = Buffer.from('alice:S3cretPassw0rd!').toString('base64');
  assert.is(s.redact(`denied for ${header} (alice:S3cretPassw0rd!)`), `denied for ${REDACTED} (${REDACTED})`);
  assert.is(s.redact('user alice'), 'user alice');
});

set('values shorter than 4 characters are not secrets by value; the longest is removed whole', () => {
  const s = new SecretSet();
  s.add('abc');
  s.add('token');
  s.add('token-with-suffix');
  assert.is(s.redact('abc token-with-suffix token'), `abc ${REDACTED} ${REDACTED}`);
});

set('shapes are removed whatever their source: Bearer/Basic credentials, Authorization, SAS, keys, URL passwords', () => {
  const s = new SecretSet();
  assert.is(s.redact('got Bearer TOKENSECRET987 back'), `got Bearer ${REDACTED} back`);
  assert.is(s.redact('Basic YWxpY2U6c2VjcmV0'), `Basic ${REDACTED}`);
  assert.is(s.redact('Authorization: xyz123456'), `Authorization: ${REDACTED}`);
  assert.is(s.redact('https://a.blob.core.windows.net/c?sv=2024&sig=abc%2Fdef'), `https://a.blob.core.windows.net/c?sv=${REDACTED}&sig=${REDACTED}`);
  assert.is(s.redact('AccountKey=c2VjcmV0a2V5;'), `AccountKey=${REDACTED};`);
  assert.is(s.redact('https://bob:hunter22@registry.example/v2/'), `https://bob:${REDACTED}@registry.example/v2/`);
  assert.is(s.redact('a plain message about Basic auth'), 'a plain message about Basic auth');
});

set.run();

const fn = suite('redact');

fn('extra secrets for one call, on top of the process\'s own', () => {
  assert.is(redact('key k-e-y-1 and k-e-y-2', ['k-e-y-1']), `key ${REDACTED} and k-e-y-2`);
});

fn.run();
