import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { jwtTimes, remainingLifetimeMs } from '../../src/oci/acr-jwt.ts';

const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: unknown): string => `${enc({ alg: 'RS256' })}.${enc(claims)}.c2ln`;

const times = suite('jwtTimes');
times('reads exp and iat (seconds) as epoch ms', () => {
  assert.equal(jwtTimes(jwt({ exp: 1497993407, iat: 1497988907, sub: 'x' })), { expEpochMs: 1497993407000, iatEpochMs: 1497988907000 });
  assert.equal(jwtTimes(jwt({ exp: 1497993407 })), { expEpochMs: 1497993407000, iatEpochMs: undefined });
});
times('anything else has no times, and nothing throws', () => {
  const none = { expEpochMs: undefined, iatEpochMs: undefined };
  for (const t of ['', 'opaque', 'a.b', 'a..c', `${enc({})}.${enc('str')}.x`, `x.${enc(null)}.y`, 'x.%%%.y', `x.${enc({ exp: '1' })}.y`, `x.${enc({ exp: -5 })}.y`, 'x.bm90IGpzb24.y']) {
    assert.equal(jwtTimes(t), none, t);
  }
});
times.run();

const remaining = suite('remainingLifetimeMs');
const T = { iatEpochMs: 1_000_000, expEpochMs: 1_000_000 + 3_600_000 };
remaining('exp − now while plausible', () => {
  assert.is(remainingLifetimeMs(T, 1_000_000 + 600_000, 5), 3_000_000);
});
remaining('exp − iat when the local clock is off (behind iat, or past exp)', () => {
  assert.is(remainingLifetimeMs(T, 0, 5), 3_600_000);
  assert.is(remainingLifetimeMs(T, T.expEpochMs + 1, 5), 3_600_000);
});
remaining('the fallback without exp, or past exp without iat', () => {
  assert.is(remainingLifetimeMs({ expEpochMs: undefined, iatEpochMs: undefined }, 0, 42), 42);
  assert.is(remainingLifetimeMs({ expEpochMs: 10, iatEpochMs: undefined }, 20, 42), 42);
});
remaining.run();
