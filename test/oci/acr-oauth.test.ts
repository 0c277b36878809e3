import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthError } from '../../src/errors.ts';
import { acrAuthUrl, exchangeForRefreshToken, exchangeUrlFor, requestAcrAccessToken } from '../../src/oci/acr-oauth.ts';
import type { TokenHttpCall } from '../../src/oci/credential-types.ts';

function recorder(reply: { status: number; text: string }) {
  const calls: TokenHttpCall[] = [];
  return { calls, http: async (call: TokenHttpCall) => (calls.push(call), reply) };
}
async function rejection(p: Promise<unknown>): Promise<AuthError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof AuthError, String(e));
    return e as AuthError;
  }
  assert.unreachable('expected a rejection');
  throw new Error('unreachable');
}

const urls = suite('exchangeUrlFor / acrAuthUrl');
urls('the realm with /oauth2/token replaced, else the origin + /oauth2/exchange; no query', () => {
  assert.is(exchangeUrlFor('https://reg.azurecr.io/oauth2/token', false).href, 'https://reg.azurecr.io/oauth2/exchange');
  assert.is(exchangeUrlFor('https://reg.azurecr.io/prefix/oauth2/token?x=1', false).href, 'https://reg.azurecr.io/prefix/oauth2/exchange');
  assert.is(exchangeUrlFor('https://auth.example/token', false).href, 'https://auth.example/oauth2/exchange');
});
urls('plain http only when insecure; garbage is an AuthError', () => {
  assert.throws(() => acrAuthUrl('http://127.0.0.1:1/oauth2/token', false), (e: unknown) => e instanceof AuthError && /--insecure/.test(e.message));
  assert.is(acrAuthUrl('http://127.0.0.1:1/oauth2/token', true).port, '1');
  assert.throws(() => acrAuthUrl('not a url', true), (e: unknown) => e instanceof AuthError);
  assert.throws(() => acrAuthUrl('ftp://x/y', true), (e: unknown) => e instanceof AuthError);
});
urls.run();

const exchange = suite('exchangeForRefreshToken');
const URL_EX = new URL('https://reg.azurecr.io/oauth2/exchange');
exchange('form post: grant_type=access_token, service, tenant, access_token → refresh_token', async () => {
  const { calls, http } = recorder({ status: 200, text: '{"refresh_token":"r-1"}' });
  assert.is(await exchangeForRefreshToken(http, { url: URL_EX, service: 'reg.azurecr.io', tenant: 't-1', aadAccessToken: 'aad' }), 'r-1');
  const c = calls[0]!;
  assert.equal([c.method, c.url.href, c.headers['content-type']], ['POST', URL_EX.href, 'application/x-www-form-urlencoded']);
  assert.is(c.body, 'grant_type=access_token&service=reg.azurecr.io&tenant=t-1&access_token=aad');
});
exchange('tenant is optional', async () => {
  const { calls, http } = recorder({ status: 200, text: '{"refresh_token":"r-1"}' });
  await exchangeForRefreshToken(http, { url: URL_EX, service: 's', tenant: undefined, aadAccessToken: 'aad' });
  assert.is(calls[0]!.body, 'grant_type=access_token&service=s&access_token=aad');
});
exchange('refusals and bad bodies are AuthErrors without the token', async () => {
  for (const [status, text, re] of [
    [401, '{"errors":[]}', /refused the credentials \(401\)/],
    [500, 'oops', /answered 500/],
    [200, 'not json', /not JSON/],
    [200, '{"refresh_token":""}', /without "refresh_token"/],
  ] as const) {
    const { http } = recorder({ status, text });
    const e = await rejection(exchangeForRefreshToken(http, { url: URL_EX, service: 's', tenant: undefined, aadAccessToken: 'AAD-SECRET' }));
    assert.match(e.message, re);
    assert.not.match(e.message, /AAD-SECRET/);
  }
});
exchange.run();

const token = suite('requestAcrAccessToken');
const REALM = new URL('https://reg.azurecr.io/oauth2/token');
token('form post: grant_type=refresh_token, service, one scope field per scope, refresh_token', async () => {
  const { calls, http } = recorder({ status: 200, text: '{"access_token":"a-1"}' });
  const r = await requestAcrAccessToken(http, { url: REALM, service: 'reg.azurecr.io', scopes: ['repository:a:pull', 'repository:b:pull,push'], refreshToken: 'r-1' });
  assert.equal(r, { token: 'a-1', expiresInMs: undefined });
  assert.is(calls[0]!.body, 'grant_type=refresh_token&service=reg.azurecr.io&scope=repository%3Aa%3Apull&scope=repository%3Ab%3Apull%2Cpush&refresh_token=r-1');
});
token('expires_in when sent', async () => {
  const { http } = recorder({ status: 200, text: '{"access_token":"a-1","expires_in":300}' });
  assert.is((await requestAcrAccessToken(http, { url: REALM, service: undefined, scopes: [], refreshToken: 'r' })).expiresInMs, 300_000);
});
token('a refused scope is a 401 AuthError naming the scope, not the token', async () => {
  const { http } = recorder({ status: 401, text: '{}' });
  const e = await rejection(requestAcrAccessToken(http, { url: REALM, service: 's', scopes: ['repository:x:push'], refreshToken: 'R-SECRET' }));
  assert.is(e.status, 401);
  assert.match(e.message, /no access to repository:x:push/);
  assert.not.match(e.message, /R-SECRET/);
});
token.run();
