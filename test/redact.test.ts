import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connectionStringSecrets, redact, REDACTED, redactUrl, SecretSet, urlWithoutSecrets } from '../src/redact.ts';

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

const STORAGE_KEY = 'c2VjcmV0LWtleS1ieXRlcy1mb3ItdGVzdHMtb25seQ==';
const CS = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${STORAGE_KEY};EndpointSuffix=core.windows.net`;
const SAS = 'sv=2024-11-04&ss=b&srt=co&sp=rwl&se=2026-12-01T00:00:00Z&st=2026-11-01T00:00:00Z&spr=https&sig=AbCdEf%2BGh%3D';

const storage = suite('redact: storage secrets');
storage('removes known secrets by value', () => {
  assert.is(redact(`failed with key ${STORAGE_KEY} twice ${STORAGE_KEY}`, [STORAGE_KEY]), `failed with key ${REDACTED} twice ${REDACTED}`);
});
storage('removes SAS parameters of a URL, keeping its path', () => {
  const out = redact(`GET https://acct.blob.core.windows.net/runs/x/summary.json?${SAS} failed`);
  assert.ok(out.startsWith('GET https://acct.blob.core.windows.net/runs/x/summary.json?'));
  assert.not.ok(out.includes('AbCdEf'));
  assert.not.ok(out.includes('2026-12-01'));
  assert.ok(out.includes(`sig=${REDACTED}`));
});
storage('removes keys and signatures of connection strings and Authorization headers', () => {
  const out = redact(`${CS};SharedAccessSignature=${SAS.replace(/&/g, '%26')} and {"authorization":"SharedKey acct:c2lnbmF0dXJl"} Authorization: Bearer eyJ0eXAi.abc.def`);
  assert.not.ok(out.includes(STORAGE_KEY));
  assert.not.ok(out.includes('c2lnbmF0dXJl'));
  assert.not.ok(out.includes('eyJ0eXAi'));
  assert.ok(out.includes('AccountName=acct'));
});
storage('leaves ordinary text alone', () => {
  const text = 'list azblob://acct/runs/nightly: 404 ContainerNotFound: The specified container does not exist.';
  assert.is(redact(text, ['abc']), text);
});
storage.run();

const parts = suite('connectionStringSecrets');
parts('the whole string, its key and its SAS', () => {
  assert.equal(connectionStringSecrets(CS), [CS, STORAGE_KEY]);
  assert.equal(connectionStringSecrets(`BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=${SAS}`).slice(1), [SAS]);
});
parts.run();

const urls = suite('redactUrl / urlWithoutSecrets');
urls('redactUrl: the path only, query and fragment dropped', () => {
  assert.is(redactUrl('https://h/p/a?sig=1#f'), '/p/a');
  assert.is(redactUrl('/v2/x?y'), '/v2/x');
});
urls('urlWithoutSecrets: the URL without user, password or query', () => {
  assert.is(urlWithoutSecrets('http://user:pw@127.0.0.1:9/hook?sig=secret'), 'http://127.0.0.1:9/hook');
  assert.is(urlWithoutSecrets('nonsense'), '(invalid URL)');
});
urls.run();
