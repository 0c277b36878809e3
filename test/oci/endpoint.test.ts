import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../src/errors.ts';
import { resolveEndpoint } from '../../src/oci/endpoint.ts';

const endpoint = suite('resolveEndpoint');
const usage = (text: RegExp) => (e: unknown): boolean => e instanceof UsageError && text.test(e.message);

endpoint('https by default; host:port kept; trailing slash allowed', () => {
  assert.equal(resolveEndpoint('reg.example', false), { origin: 'https://reg.example', host: 'reg.example', secure: true });
  assert.equal(resolveEndpoint('https://reg.example:8443/', false), { origin: 'https://reg.example:8443', host: 'reg.example:8443', secure: true });
  assert.equal(resolveEndpoint('reg.example:443', false).host, 'reg.example');
});
endpoint('plain http only with insecure', () => {
  assert.throws(() => resolveEndpoint('http://127.0.0.1:5000', false), usage(/--insecure/));
  assert.equal(resolveEndpoint('http://127.0.0.1:5000', true), { origin: 'http://127.0.0.1:5000', host: '127.0.0.1:5000', secure: false });
  assert.is(resolveEndpoint('https://reg.example', true).secure, true);
});
endpoint('paths, queries, credentials and other schemes are refused', () => {
  assert.throws(() => resolveEndpoint('https://reg.example/v2/', false), usage(/scheme:\/\/host/));
  assert.throws(() => resolveEndpoint('https://reg.example?x=1', false), usage(/scheme:\/\/host/));
  assert.throws(() => resolveEndpoint('https://user:hunter2@reg.example', false), (e: unknown) => e instanceof UsageError && !e.message.includes('hunter2'));
  assert.throws(() => resolveEndpoint('ftp://reg.example', false), usage(/scheme/));
  assert.throws(() => resolveEndpoint('https://', false), usage(/invalid/));
});
endpoint.run();
