import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthError } from '../../src/errors.ts';
import type { TokenCredentialLike } from '../../src/oci/acr-credential.ts';
import { ACR_REFRESH_TOKEN_USERNAME } from '../../src/oci/acr-oauth.ts';
import { AcrSignIn, azureCredentials, type AcrSignInOptions } from '../../src/oci/acr-signin.ts';
import { startFakeAcr, type FakeAcr, type FakeAcrOptions } from '../helpers/fake-acr.ts';
import { sendEmpty, startServer } from '../helpers/fake-server.ts';
import { testClient } from '../helpers/test-client.ts';

const ENTRA = 'entra-access-token-SECRET';
const TENANT = '409520d4-8100-4d1d-ad47-72432ddcc120';

function fakeClock() {
  const c = { mono: 1_000, epoch: Date.UTC(2025, 0, 1) };
  return {
    now: () => c.mono,
    dateNow: () => c.epoch,
    advance(ms: number) {
      c.mono += ms;
      c.epoch += ms;
    },
  };
}

function fakeCredential(token = ENTRA) {
  const calls: { scopes: string | string[]; tenantId: string | undefined }[] = [];
  const credential: TokenCredentialLike = {
    async getToken(scopes, options) {
      calls.push({ scopes, tenantId: options?.tenantId });
      return { token, expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
  return { credential, calls };
}

async function withAcr(
  acrOpts: Omit<FakeAcrOptions, 'dateNow'>,
  fn: (ctx: { acr: FakeAcr; clock: ReturnType<typeof fakeClock>; signIn: AcrSignIn; calls: ReturnType<typeof fakeCredential>['calls'] }) => Promise<void>,
  signInOpts: AcrSignInOptions = {},
): Promise<void> {
  const clock = fakeClock();
  const acr = await startFakeAcr({ tenant: TENANT, entraTokens: { [ENTRA]: { repos: { app: ['pull', 'push'] } } }, ...acrOpts, dateNow: clock.dateNow });
  const { credential, calls } = fakeCredential();
  const signIn = new AcrSignIn({ credential, tenant: TENANT, now: clock.now, dateNow: clock.dateNow, ...signInOpts });
  try {
    await fn({ acr, clock, signIn, calls });
  } finally {
    await acr.close();
  }
}

function clientFor(acr: FakeAcr, clock: ReturnType<typeof fakeClock>, signIn: AcrSignIn) {
  return testClient(acr.origin, { credentials: azureCredentials(signIn), now: clock.now, dateNow: clock.dateNow }).client;
}

const flow = suite('AcrSignIn (wire format)');

flow('challenge → exchange (Entra token) → token (refresh token, scope) → Bearer request', async () => {
  await withAcr({ manifests: ['app:v1'] }, async ({ acr, clock, signIn, calls }) => {
    const client = clientFor(acr, clock, signIn);
    try {
      const r = await client.probeManifest('app', 'v1');
      assert.is(r.kind, 'present');
      assert.is(client.credentials.kind, 'azure');
      assert.equal(calls, [{ scopes: 'https://containerregistry.azure.net/.default', tenantId: TENANT }]);
      const reqs = acr.server.requests;
      assert.equal(reqs.map((q) => `${q.method} ${q.url.split('?')[0]}`), ['HEAD /v2/app/manifests/v1', 'POST /oauth2/exchange', 'POST /oauth2/token', 'HEAD /v2/app/manifests/v1']);
      const exchange = reqs[1]!;
      assert.is(exchange.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.equal([...new URLSearchParams(exchange.body.toString())], [
        ['grant_type', 'access_token'],
        ['service', acr.service],
        ['tenant', TENANT],
        ['access_token', ENTRA],
      ]);
      const token = new URLSearchParams(reqs[2]!.body.toString());
      assert.equal([...token.keys()], ['grant_type', 'service', 'scope', 'refresh_token']);
      assert.equal([token.get('grant_type'), token.get('service'), token.getAll('scope')], ['refresh_token', acr.service, ['repository:app:pull']]);
      assert.match(String(reqs[3]!.headers.authorization), /^Bearer ey/);
      assert.equal(signIn.stats, { entraTokens: 1, exchanges: 1, accessTokens: 1 });
    } finally {
      await client.close();
    }
  });
});

flow('access tokens are cached per scope set; one refresh token serves every scope and every client', async () => {
  await withAcr({ entraTokens: { [ENTRA]: { repos: { '*': ['pull'] } } } }, async ({ acr, clock, signIn }) => {
    const a = clientFor(acr, clock, signIn);
    const b = clientFor(acr, clock, signIn);
    try {
      for (let i = 0; i < 3; i++) assert.is((await a.probeManifest('app', 'v1')).kind, 'absent');
      assert.is((await a.probeManifest('other', 'v1')).kind, 'absent');
      assert.is((await b.probeManifest('app', 'v1')).kind, 'absent');
      assert.equal(signIn.stats, { entraTokens: 1, exchanges: 1, accessTokens: 3 });
      assert.equal([acr.counts.exchange, acr.counts.token], [1, 3]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

flow('access and refresh tokens are renewed before they expire (exp from the JWT)', async () => {
  await withAcr({ accessLifetimeSec: 600, refreshLifetimeSec: 3600 }, async ({ acr, clock, signIn }) => {
    const client = clientFor(acr, clock, signIn);
    try {
      await client.probeManifest('app', 'v1');
      clock.advance(600_000 - 4_000); // 4 s before the access token's exp: renewed, not refused
      await client.probeManifest('app', 'v1');
      assert.equal([acr.counts.exchange, acr.counts.token, acr.counts.expiredSeen], [1, 2, 0]);
      clock.advance(3_000);
      await client.probeManifest('app', 'v1'); // still the renewed token
      assert.is(acr.counts.token, 2);
      clock.advance(3_600_000 - 600_000 - 30_000); // 30 s before the refresh token's exp (skew 60 s): exchanged again
      await client.probeManifest('app', 'v1');
      assert.equal([acr.counts.exchange, acr.counts.token, acr.counts.expiredSeen], [2, 3, 0]);
      assert.is(acr.counts.registry401, 1); // only the first, anonymous request
      assert.is(signIn.stats.entraTokens, 2);
    } finally {
      await client.close();
    }
  });
});

flow('a token without exp lives the default lifetime', async () => {
  const clock = fakeClock();
  const signIn = new AcrSignIn({ credential: fakeCredential().credential, now: clock.now, dateNow: clock.dateNow, defaultAccessTokenLifetimeMs: 120_000 });
  const http = async (call: { url: URL }) => ({ status: 200, text: call.url.pathname.endsWith('exchange') ? '{"refresh_token":"opaque-r"}' : '{"access_token":"opaque-a"}' });
  const grant = await signIn.accessToken({ realm: 'https://r.example/oauth2/token', service: 'r.example', scopes: [] }, http, { insecure: false });
  assert.equal(grant, { token: 'opaque-a', lifetimeMs: 120_000, issuedAtEpochMs: undefined });
});

flow('a wrong scope is a 401 AuthError that names no token', async () => {
  await withAcr({}, async ({ acr, clock, signIn }) => {
    const client = clientFor(acr, clock, signIn);
    try {
      const r = await client.probeManifest('secret-repo', 'v1');
      assert.is(r.kind, 'error');
      if (r.kind !== 'error') return;
      assert.ok(r.error instanceof AuthError && r.error.status === 401, String(r.error));
      assert.is(r.status, 401);
      assert.match(r.error.message, /oauth2\/token refused the credentials \(401\)/);
      assert.not.match(r.error.message, /SECRET|ey[A-Za-z0-9_-]{10}/);
      assert.not.match(String(r.error.stack), /SECRET|ey[A-Za-z0-9_-]{10}/);
    } finally {
      await client.close();
    }
  });
});

flow('a revoked refresh token is exchanged again once', async () => {
  await withAcr({ entraTokens: { [ENTRA]: { repos: { '*': ['pull'] } } } }, async ({ acr, clock, signIn }) => {
    const client = clientFor(acr, clock, signIn);
    try {
      await client.probeManifest('app', 'v1');
      acr.revokeRefreshTokens();
      assert.is((await client.probeManifest('other', 'v1')).kind, 'absent'); // a new scope: the cached refresh token is refused
      assert.equal([acr.counts.exchange, acr.counts.token], [2, 3]);
    } finally {
      await client.close();
    }
  });
});

flow('a refused exchange (wrong tenant) is an AuthError with a hint', async () => {
  await withAcr({ tenant: 'another-tenant' }, async ({ acr, clock, signIn }) => {
    const client = clientFor(acr, clock, signIn);
    try {
      const r = await client.probeManifest('app', 'v1');
      assert.ok(r.kind === 'error' && r.error instanceof AuthError, r.kind);
      if (r.kind === 'error') {
        assert.match(r.error.message, /oauth2\/exchange refused the credentials \(401\): .*AcrPull/);
        assert.not.match(r.error.message, /SECRET/);
      }
    } finally {
      await client.close();
    }
  });
});

flow('an Entra failure is an AuthError naming the scope', async () => {
  const acr = await startFakeAcr();
  const credential: TokenCredentialLike = {
    getToken: async () => {
      throw new Error('CredentialUnavailableError: no identity found\nmore lines');
    },
  };
  const { client } = testClient(acr.origin, { credentials: azureCredentials({ credential }) });
  try {
    const r = await client.probeManifest('app', 'v1');
    assert.ok(r.kind === 'error' && r.error instanceof AuthError);
    if (r.kind === 'error') assert.is(r.error.message, 'HEAD /v2/app/manifests/v1: could not get a Microsoft Entra access token for https://containerregistry.azure.net/.default: CredentialUnavailableError: no identity found');
  } finally {
    await client.close();
    await acr.close();
  }
});
flow.run();

const basic = suite('ACR admin user, repository-scoped tokens, exposed refresh token');

basic('admin user: Basic to GET /oauth2/token through the normal Bearer challenge', async () => {
  const acr = await startFakeAcr({ users: { fakereg: { password: 'admin-pw', repos: { '*': ['*'] } } }, manifests: ['app:v1'] });
  const good = testClient(acr.origin, { credentials: { username: 'fakereg', password: 'admin-pw' } }).client;
  const bad = testClient(acr.origin, { credentials: { username: 'fakereg', password: 'wrong' } }).client;
  try {
    assert.is((await good.probeManifest('app', 'v1')).kind, 'present');
    assert.is((await good.probeManifest('any', 'v1')).kind, 'absent');
    assert.is(acr.counts.basicToken, 2);
    const tokenCall = acr.server.requests.find((q) => q.url.startsWith('/oauth2/token'))!;
    const q = new URL(tokenCall.url, acr.origin).searchParams;
    assert.equal([q.get('service'), q.getAll('scope')], [acr.service, ['repository:app:pull']]);
    const r = await bad.probeManifest('app', 'v1');
    assert.ok(r.kind === 'error' && r.error instanceof AuthError && r.status === 401);
    if (r.kind === 'error') assert.not.match(r.error.message, /admin-pw|wrong/);
  } finally {
    await Promise.all([good.close(), bad.close()]);
    await acr.close();
  }
});

basic('repository-scoped token: its repositories and actions only', async () => {
  const acr = await startFakeAcr({ users: { 'pull-token': { password: 'tok-pw', repos: { app: ['pull'] } } } });
  const { client } = testClient(acr.origin, { credentials: { username: 'pull-token', password: 'tok-pw' } });
  try {
    assert.is((await client.probeManifest('app', 'v1')).kind, 'absent');
    const other = await client.probeManifest('other', 'v1');
    assert.ok(other.kind === 'error' && other.status === 401);
    try {
      await client.deleteManifest('app', `sha256:${'b'.repeat(64)}`);
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof AuthError, String(e));
    }
  } finally {
    await client.close();
    await acr.close();
  }
});

basic('az acr login --expose-token: null-GUID user + ACR refresh token → refresh_token grant', async () => {
  const clock = fakeClock();
  const acr = await startFakeAcr({ entraTokens: { [ENTRA]: { repos: { app: ['pull'] } } }, dateNow: clock.dateNow });
  try {
    // Obtain a refresh token the way `az acr login --expose-token` does.
    const ex = await fetch(`${acr.origin}/oauth2/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'access_token', service: acr.service, access_token: ENTRA }).toString(),
    });
    const refreshToken = ((await ex.json()) as { refresh_token: string }).refresh_token;
    const { client } = testClient(acr.origin, { credentials: { username: ACR_REFRESH_TOKEN_USERNAME, password: refreshToken }, now: clock.now, dateNow: clock.dateNow });
    try {
      assert.is(client.credentials.kind, 'refresh');
      assert.is((await client.probeManifest('app', 'v1')).kind, 'absent');
      const post = acr.server.requests.find((q) => q.method === 'POST' && q.url === '/oauth2/token')!;
      const f = new URLSearchParams(post.body.toString());
      assert.equal([f.get('grant_type'), f.get('service'), f.get('scope'), f.get('refresh_token') === refreshToken], ['refresh_token', acr.service, 'repository:app:pull', true]);
      assert.is(acr.counts.basicToken, 0);
    } finally {
      await client.close();
    }
  } finally {
    await acr.close();
  }
});
basic.run();

const redirect = suite('ACR blob redirect');

redirect('a 307 to another loopback port carries no Authorization (storage rejects it)', async () => {
  const bytes = Buffer.from('layer bytes');
  const { createHash } = await import('node:crypto');
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const storage = await startServer((_req, res) => {
    res.writeHead(200, { 'content-length': bytes.length }).end(bytes);
  });
  const clock = fakeClock();
  const acr = await startFakeAcr({ tenant: TENANT, entraTokens: { [ENTRA]: { repos: { app: ['pull'] } } }, dateNow: clock.dateNow, blobRedirect: `${storage.origin}/container/blob?sig=SAS-SECRET` });
  const signIn = new AcrSignIn({ credential: fakeCredential().credential, tenant: TENANT, now: clock.now, dateNow: clock.dateNow });
  const client = clientFor(acr, clock, signIn);
  try {
    const r = await client.pullBlob('app', { digest, size: bytes.length });
    assert.equal(r.hops.map((h) => [h.status, h.host]), [[307, acr.server.host], [200, storage.host]]);
    assert.is(storage.requests.length, 1);
    assert.is(storage.requests[0]!.headers.authorization, undefined);
    assert.match(String(acr.server.requests.at(-1)!.headers.authorization), /^Bearer /);
  } finally {
    await client.close();
    await acr.close();
    await storage.close();
  }
});

redirect('a storage server that answers 401 to an Authorization header is never sent one', async () => {
  const storage = await startServer((req, res) => sendEmpty(res, req.headers.authorization ? 401 : 200));
  const clock = fakeClock();
  const acr = await startFakeAcr({ tenant: TENANT, entraTokens: { [ENTRA]: { repos: { app: ['pull'] } } }, dateNow: clock.dateNow, blobRedirect: `${storage.origin}/b` });
  const signIn = new AcrSignIn({ credential: fakeCredential().credential, tenant: TENANT, now: clock.now, dateNow: clock.dateNow });
  const client = clientFor(acr, clock, signIn);
  const empty = `sha256:${'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'}`;
  try {
    const r = await client.pullBlob('app', { digest: empty, size: 0 });
    assert.equal(r.hops.map((h) => h.status), [307, 200]);
  } finally {
    await client.close();
    await acr.close();
    await storage.close();
  }
});
redirect.run();
