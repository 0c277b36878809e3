import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isRepoName, isSupportedDigest, isTag, isValidDigest, looksLikeDigest, MAX_REPO_NAME_LENGTH } from '../../src/oci-spec/names.ts';

const HEX64 = 'a'.repeat(64);

const names = suite('the name grammar');

names('repository names: lowercase components and separators, at most 255 characters', () => {
  for (const ok of ['app', 'team/app', 'a.b_c__d--e/f-1', 'x'.repeat(MAX_REPO_NAME_LENGTH)]) assert.ok(isRepoName(ok), ok);
  for (const bad of ['', 'App', 'team//app', '-app', 'app-', 'a...b', 'x'.repeat(MAX_REPO_NAME_LENGTH + 1)]) assert.not.ok(isRepoName(bad), bad);
});

names('tags: a word character first, up to 128 characters', () => {
  for (const ok of ['v1', 'latest', '_x', 'A.b-c_d', 'x'.repeat(128)]) assert.ok(isTag(ok), ok);
  for (const bad of ['', '.v1', '-v1', 'a:b', 'x'.repeat(129)]) assert.not.ok(isTag(bad), bad);
});

names('digests: any well-formed shape, verified hex for sha256 and sha512, supported only those two', () => {
  assert.ok(looksLikeDigest('md5:abc') && isValidDigest('md5:abc') && !isSupportedDigest('md5:abc'));
  assert.ok(isValidDigest(`sha256:${HEX64}`) && isSupportedDigest(`sha256:${HEX64}`));
  assert.ok(isSupportedDigest(`sha512:${'0'.repeat(128)}`));
  assert.ok(looksLikeDigest(`sha256:${'A'.repeat(64)}`));
  assert.not.ok(isValidDigest(`sha256:${'A'.repeat(64)}`));
  assert.not.ok(isValidDigest(`sha256:${HEX64.slice(1)}`));
  assert.not.ok(looksLikeDigest('v1'));
});

names.run();
