import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearerTokenOf, tokensEqual } from '../../src/dist/token-compare.ts';

const equal = suite('tokensEqual');

equal('equal tokens match; different content or length does not; an empty expected token never does', () => {
  assert.ok(tokensEqual('s3cret-token-0123456789', 's3cret-token-0123456789'));
  assert.not.ok(tokensEqual('s3cret-token-0123456788', 's3cret-token-0123456789'));
  assert.not.ok(tokensEqual('s3cret', 's3cret-token-0123456789'));
  assert.not.ok(tokensEqual('', ''));
});

equal.run();

const bearer = suite('bearerTokenOf');

bearer('the token of a Bearer header, any case; anything else is undefined', () => {
  assert.is(bearerTokenOf('Bearer abc'), 'abc');
  assert.is(bearerTokenOf('bearer  abc '), 'abc');
  assert.is(bearerTokenOf('Basic abc'), undefined);
  assert.is(bearerTokenOf('Bearer a b'), undefined);
  assert.is(bearerTokenOf(undefined), undefined);
});

bearer.run();
