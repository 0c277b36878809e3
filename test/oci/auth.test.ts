import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthError } from '../../src/errors.ts';
import { Authenticator, repoScope } from '../../src/oci/auth.ts';
import type { Credentials, TokenHttpCall } from '../../src/oci/credential-types.ts';

const CHALLENGE = 'Bearer realm="https://auth.example/token",service="reg"';
const PULL = [repoScope('app', ['pull'])];

function setup(credentials: Credentials = { kind: 'anonymous' }, replies: Array<{ token: string; expires_in?: number; issued_at?: string }> = []) {
  const clock = { ms: 1_000, epochMs: Date.UTC(2024, 0, 1) };
  const calls: TokenHttpCall[] = [];
  let n = 0;
  const auth = new Authenticator({
    credentials,
    insecure: false,
    now: () => clock.ms,
    dateNow: () => clock.epochMs,
    http: async (call) => {
      calls.push(call);
      const reply = replies[n] ?? { token: `t${n + 1}` };
      n++;
      return { status: 200, text: JSON.stringify(reply) };
    },
  });
  return { auth, calls, clock };
}

const scope = suite('repoScope');
scope('formats repository scopes', () => {
  assert.is(repoScope('team/app', ['pull', 'push']), 'repository:team/app:pull,push');
});
scope.run();

const bearer = suite('Authenticator (Bearer)');
bearer('anonymous until a challenge; then a token per scope, cached', async () => {
  const { auth, calls } = setup();
  assert.is(await auth.authorization(PULL), undefined);
  await auth.onUnauthorized(CHALLENGE, PULL, undefined);
  assert.is(auth.scheme, 'bearer');
  assert.is(await auth.authorization(PULL), 'Bearer t1');
  assert.is(await auth.authorization(PULL), 'Bearer t1');
  assert.is(calls.length, 1);
  assert.is(await auth.authorization([repoScope('app', ['pull', 'push'])]), 'Bearer t2');
  assert.is(calls.length, 2);
  assert.is(auth.tokenFetches, 2);
});
bearer('the challenge scope is added to the token request', async () => {
  const { auth, calls } = setup();
  await auth.onUnauthorized(`${CHALLENGE},scope="repository:other:pull"`, PULL, undefined);
  assert.equal(calls[0]!.url.searchParams.getAll('scope'), ['repository:app:pull', 'repository:other:pull']);
});
bearer('tokens expire at expires_in minus the skew (injected clock)', async () => {
  const { auth, calls, clock } = setup({ kind: 'anonymous' }, [{ token: 'a', expires_in: 60 }, { token: 'b', expires_in: 60 }]);
  await auth.onUnauthorized(CHALLENGE, PULL, undefined);
  clock.ms += 54_999; // 60 s - 5 s skew - 1 ms
  assert.is(await auth.authorization(PULL), 'Bearer a');
  clock.ms += 1;
  assert.is(await auth.authorization(PULL), 'Bearer b');
  assert.is(calls.length, 2);
});
bearer('issued_at in the past shortens the life; implausible issued_at is ignored', async () => {
  const { auth, clock } = setup({ kind: 'anonymous' }, [
    { token: 'old', expires_in: 60, issued_at: '2023-12-31T23:59:30Z' }, // 30 s old: 30 - 5 = 25 s left
    { token: 'future', expires_in: 60, issued_at: '2024-01-01T01:00:00Z' },
  ]);
  await auth.onUnauthorized(CHALLENGE, PULL, undefined);
  clock.ms += 24_000;
  assert.is(await auth.authorization(PULL), 'Bearer old');
  clock.ms += 2_000;
  assert.is(await auth.authorization(PULL), 'Bearer future');
  clock.ms += 50_000;
  assert.is(await auth.authorization(PULL), 'Bearer future');
});
bearer('concurrent requests for one scope share one fetch', async () => {
  const { auth, calls } = setup();
  auth.observe(CHALLENGE);
  const all = await Promise.all([auth.authorization(PULL), auth.authorization(PULL), auth.authorization(PULL)]);
  assert.equal(all, ['Bearer t1', 'Bearer t1', 'Bearer t1']);
  assert.is(calls.length, 1);
});
bearer('a refused token is dropped and fetched again; a newer one is reused', async () => {
  const { auth, calls } = setup();
  auth.observe(CHALLENGE);
  const first = await auth.authorization(PULL);
  await auth.onUnauthorized(CHALLENGE, PULL, first);
  assert.is(await auth.authorization(PULL), 'Bearer t2');
  await auth.onUnauthorized(CHALLENGE, PULL, first); // a late 401 for the old token
  assert.is(calls.length, 2);
});
bearer('Basic credentials go to the token endpoint, never as the registry authorization', async () => {
  const { auth, calls } = setup({ kind: 'basic', username: 'u', password: 'p' });
  await auth.onUnauthorized(CHALLENGE, PULL, undefined);
  assert.match(calls[0]!.headers.authorization ?? '', /^Basic /);
  assert.is(await auth.authorization(PULL), 'Bearer t1');
});
bearer.run();

const other = suite('Authenticator (Basic, static, failures)');
other('Basic challenge with credentials: Basic header, and a second refusal is an AuthError', async () => {
  const { auth } = setup({ kind: 'basic', username: 'u', password: 'p' });
  await auth.onUnauthorized('Basic realm="r"', PULL, undefined);
  const header = await auth.authorization(PULL);
  assert.is(header, `Basic ${Buffer.from('u:p').toString('base64')}`);
  try {
    await auth.onUnauthorized('Basic realm="r"', PULL, header);
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AuthError && !e.message.includes('p:'));
  }
});
other('Basic challenge without credentials is an AuthError', async () => {
  const { auth } = setup();
  try {
    await auth.onUnauthorized('Basic realm="r"', PULL, undefined);
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AuthError);
  }
});
other('a static token is always sent; a 401 for it is an AuthError', async () => {
  const { auth } = setup({ kind: 'bearer', token: 'static' });
  assert.is(await auth.authorization(PULL), 'Bearer static');
  try {
    await auth.onUnauthorized(CHALLENGE, PULL, 'Bearer static');
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AuthError && !e.message.includes('static'));
  }
});
other('a 401 without a usable challenge is an AuthError', async () => {
  const { auth } = setup();
  for (const header of [undefined, 'Negotiate', 'Bearer service="x"']) {
    try {
      await auth.onUnauthorized(header, PULL, undefined);
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof AuthError, String(header));
    }
  }
});
other.run();
