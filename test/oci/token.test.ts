import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthError } from '../../src/errors.ts';
import type { TokenHttpCall } from '../../src/oci/credential-types.ts';
import { basicAuthorization, parseTokenResponse, requestToken } from '../../src/oci/token.ts';

const isAuth = (e: unknown): boolean => e instanceof AuthError;

const parse = suite('parseTokenResponse');
parse('token or access_token, expires_in, issued_at', () => {
  assert.equal(parseTokenResponse('{"token":"t1","expires_in":300,"issued_at":"2024-01-01T00:00:00Z"}'), {
    token: 't1',
    lifetimeMs: 300_000,
    issuedAtEpochMs: Date.UTC(2024, 0, 1),
  });
  assert.equal(parseTokenResponse('{"access_token":"t2"}'), { token: 't2', lifetimeMs: 60_000, issuedAtEpochMs: undefined });
  assert.is(parseTokenResponse('{"token":"","access_token":"t3"}').token, 't3');
  assert.is(parseTokenResponse('{"token":"t","expires_in":"junk","issued_at":"junk"}').lifetimeMs, 60_000);
});
parse('no token or not JSON is an AuthError', () => {
  assert.throws(() => parseTokenResponse('{}'), isAuth);
  assert.throws(() => parseTokenResponse('<html>'), isAuth);
  assert.throws(() => parseTokenResponse('null'), isAuth);
});
parse.run();

const req = { realm: 'https://auth.example/token?x=1', service: 'reg.example', scopes: ['repository:a:pull,push', 'repository:b:pull'] };
function recorder(reply: { status: number; text: string } = { status: 200, text: '{"token":"tok"}' }) {
  const calls: TokenHttpCall[] = [];
  return { calls, http: async (call: TokenHttpCall) => (calls.push(call), reply) };
}

const request = suite('requestToken');
request('GET with service, every scope, account and Basic credentials', async () => {
  const { calls, http } = recorder();
  const grant = await requestToken(req, { kind: 'basic', username: 'u', password: 'p' }, http, { insecure: false });
  assert.is(grant.token, 'tok');
  const call = calls[0]!;
  assert.is(call.method, 'GET');
  assert.is(call.url.origin + call.url.pathname, 'https://auth.example/token');
  assert.equal(call.url.searchParams.getAll('scope'), req.scopes);
  assert.is(call.url.searchParams.get('service'), 'reg.example');
  assert.is(call.url.searchParams.get('x'), '1');
  assert.is(call.url.searchParams.get('account'), 'u');
  assert.is(call.headers.authorization, basicAuthorization('u', 'p'));
});
request('anonymous GET carries no Authorization', async () => {
  const { calls, http } = recorder();
  await requestToken(req, { kind: 'anonymous' }, http, { insecure: false });
  assert.is(calls[0]!.headers.authorization, undefined);
  assert.is(calls[0]!.url.searchParams.get('account'), null);
});
request('an identity token is exchanged with the OAuth2 refresh_token grant', async () => {
  const { calls, http } = recorder({ status: 200, text: '{"access_token":"acc","expires_in":120}' });
  const grant = await requestToken(req, { kind: 'refresh', refreshToken: 'rt', username: 'u' }, http, { insecure: false });
  assert.equal(grant, { token: 'acc', lifetimeMs: 120_000, issuedAtEpochMs: undefined });
  const call = calls[0]!;
  assert.is(call.method, 'POST');
  assert.is(call.headers['content-type'], 'application/x-www-form-urlencoded');
  const form = new URLSearchParams(call.body);
  assert.is(form.get('grant_type'), 'refresh_token');
  assert.is(form.get('refresh_token'), 'rt');
  assert.is(form.get('service'), 'reg.example');
  assert.is(form.get('scope'), 'repository:a:pull,push repository:b:pull');
  assert.ok(form.get('client_id'));
});
request('refusals and odd statuses are AuthErrors without secrets', async () => {
  for (const status of [401, 403, 500]) {
    const { http } = recorder({ status, text: '' });
    try {
      await requestToken(req, { kind: 'basic', username: 'u', password: 'hunter2' }, http, { insecure: false });
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof AuthError && e.status === status && !e.message.includes('hunter2') && !e.message.includes('x=1'));
    }
  }
});
request('a plain-http realm needs insecure', async () => {
  const { http } = recorder();
  const plain = { ...req, realm: 'http://auth.example/token' };
  try {
    await requestToken(plain, { kind: 'anonymous' }, http, { insecure: false });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AuthError && /insecure/.test(e.message));
  }
  assert.is((await requestToken(plain, { kind: 'anonymous' }, http, { insecure: true })).token, 'tok');
});
request.run();
