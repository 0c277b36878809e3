import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connectionStringSecrets, redactSecrets, REDACTED, storeError } from '../../src/dist/store-redact.ts';
import { ConfigError } from '../../src/errors.ts';

const KEY = 'c2VjcmV0LWtleS1ieXRlcy1mb3ItdGVzdHMtb25seQ==';
const CS = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
const SAS = 'sv=2024-11-04&ss=b&srt=co&sp=rwl&se=2026-12-01T00:00:00Z&st=2026-11-01T00:00:00Z&spr=https&sig=AbCdEf%2BGh%3D';

const redact = suite('redactSecrets');
redact('removes known secrets by value', () => {
  assert.is(redactSecrets(`failed with key ${KEY} twice ${KEY}`, [KEY]), `failed with key ${REDACTED} twice ${REDACTED}`);
});
redact('removes SAS parameters of a URL, keeping its path', () => {
  const out = redactSecrets(`GET https://acct.blob.core.windows.net/runs/x/summary.json?${SAS} failed`);
  assert.ok(out.startsWith('GET https://acct.blob.core.windows.net/runs/x/summary.json?'));
  assert.not.ok(out.includes('AbCdEf'));
  assert.not.ok(out.includes('2026-12-01'));
  assert.ok(out.includes(`sig=${REDACTED}`));
});
redact('removes keys and signatures of connection strings and Authorization headers', () => {
  const out = redactSecrets(`${CS};SharedAccessSignature=${SAS.replace(/&/g, '%26')} and {"authorization":"SharedKey acct:c2lnbmF0dXJl"} Authorization: Bearer eyJ0eXAi.abc.def`);
  assert.not.ok(out.includes(KEY));
  assert.not.ok(out.includes('c2lnbmF0dXJl'));
  assert.not.ok(out.includes('eyJ0eXAi'));
  assert.ok(out.includes('AccountName=acct'));
});
redact('leaves ordinary text alone', () => {
  const text = 'list azblob://acct/runs/nightly: 404 ContainerNotFound: The specified container does not exist.';
  assert.is(redactSecrets(text, ['abc']), text);
});
redact.run();

const parts = suite('connectionStringSecrets');
parts('the whole string, its key and its SAS', () => {
  assert.equal(connectionStringSecrets(CS), [CS, KEY]);
  assert.equal(connectionStringSecrets(`BlobEndpoint=https://a.blob.core.windows.net/;SharedAccessSignature=${SAS}`).slice(1), [SAS]);
});
parts.run();

const wrap = suite('storeError');
wrap('maps status codes to stable error codes, redacts, and drops the cause', () => {
  const sdk = (statusCode: number | undefined, code: string, message: string): Error => Object.assign(new Error(message), { statusCode, code });
  const auth = storeError(sdk(403, 'AuthorizationFailure', `Server failed; key ${KEY}`), 'list azblob://acct/runs', [KEY]);
  assert.is(auth.code, 'E_AUTH');
  assert.is(auth.message, `list azblob://acct/runs: 403 AuthorizationFailure: Server failed; key ${REDACTED}`);
  assert.is(auth.cause, undefined);
  assert.is(storeError(sdk(404, 'ContainerNotFound', 'no container'), 'x').code, 'E_CONFIG');
  assert.is(storeError(sdk(undefined, 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), 'x').code, 'E_UNREACHABLE');
  assert.is(storeError(sdk(500, 'InternalError', 'boom'), 'x').code, 'E_PROTOCOL');
  const cred = Object.assign(new Error('DefaultAzureCredential failed'), { name: 'CredentialUnavailableError' });
  assert.is(storeError(cred, 'x').code, 'E_AUTH');
});
wrap('keeps our own errors, re-made only when their message held a secret', () => {
  const ours = new ConfigError('no run x');
  assert.is(storeError(ours, 'x'), ours);
  const leaky = storeError(new ConfigError(`bad ${KEY}`), 'x', [KEY]);
  assert.is(leaky.code, 'E_CONFIG');
  assert.is(leaky.message, `bad ${REDACTED}`);
});
wrap.run();
