import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { loadRequestFor } from '../../src/measure/load-request.ts';

const TARGET = { repo: 'r/app', manifestDigest: 'sha256:m', blobDigest: 'sha256:c' };
const OPEN = { scheme: 'none' as const, credentials: { kind: 'anonymous' as const } };
const BEARER = { scheme: 'bearer' as const, realm: { realm: 'https://auth.example.test/token', service: 'reg' } };

const request = suite('loadRequestFor');

request('manifest HEAD/GET and blob GET name the artifact by digest and need a pull scope', () => {
  const head = loadRequestFor('manifest-head', 'http://127.0.0.1:5000', TARGET, OPEN);
  assert.equal([head.method, head.url, head.scopes], ['HEAD', 'http://127.0.0.1:5000/v2/r/app/manifests/sha256:m', ['repository:r/app:pull']]);
  assert.match(head.headers.accept ?? '', /application\/vnd\.oci\.image\.index\.v1\+json/);
  assert.is(loadRequestFor('manifest-get', 'http://h:1', TARGET, OPEN).method, 'GET');
  const blob = loadRequestFor('blob-get', 'http://h:1', TARGET, OPEN);
  assert.equal([blob.method, blob.url], ['GET', 'http://h:1/v2/r/app/blobs/sha256:c']);
});

request('token-get: the realm with service and scope; Basic credentials as the token endpoint takes them; a refresh token as the OAuth2 form', () => {
  const anon = loadRequestFor('token-get', 'https://r.example.test', TARGET, { ...BEARER, credentials: { kind: 'anonymous' } });
  assert.equal([anon.method, anon.url, anon.scopes, anon.headers], ['GET', 'https://auth.example.test/token?service=reg&scope=repository%3Ar%2Fapp%3Apull', [], {}]);
  const basic = loadRequestFor('token-get', 'https://r.example.test', TARGET, { ...BEARER, credentials: { kind: 'basic', username: 'u', password: 'p' } });
  assert.match(basic.url, /account=u$/);
  assert.is(basic.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
  const refresh = loadRequestFor('token-get', 'https://r.example.test', TARGET, { ...BEARER, credentials: { kind: 'refresh', refreshToken: 'rt', username: undefined } });
  assert.is(refresh.method, 'POST');
  assert.match(refresh.body ?? '', /grant_type=refresh_token&refresh_token=rt/);
});

request('token-get against a registry without Bearer tokens is a ConfigError that names it', () => {
  assert.throws(() => loadRequestFor('token-get', 'http://127.0.0.1:5000', TARGET, OPEN), (e: unknown) => e instanceof ConfigError && /127\.0\.0\.1:5000 answered GET \/v2\/ without a Bearer challenge/.test(e.message));
  assert.throws(() => loadRequestFor('token-get', 'https://r', TARGET, { ...BEARER, credentials: { kind: 'bearer', token: 'secret' } }), (e: unknown) => e instanceof ConfigError && !e.message.includes('secret'));
});

request.run();
