import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../src/errors.ts';
import { assertManifestReference, assertRepoName, formatReference, isValidRepoName, isValidTag, parseReference } from '../../src/oci/reference.ts';

const D = `sha256:${'a'.repeat(64)}`;
const usage = (text: string) => (e: unknown): boolean => e instanceof UsageError && e.message.includes(text);

const parse = suite('parseReference');
parse('REPO defaults to tag latest', () => {
  assert.equal(parseReference('team/app'), { repo: 'team/app', tag: 'latest', digest: undefined, reference: 'latest' });
});
parse('REPO:TAG', () => {
  assert.equal(parseReference('app:v1.2_rc-3'), { repo: 'app', tag: 'v1.2_rc-3', digest: undefined, reference: 'v1.2_rc-3' });
});
parse('REPO@DIGEST', () => {
  assert.equal(parseReference(`a/b/c@${D}`), { repo: 'a/b/c', tag: undefined, digest: D, reference: D });
});
parse('REPO:TAG@DIGEST: the digest wins', () => {
  const ref = parseReference(`app:v1@${D}`);
  assert.is(ref.reference, D);
  assert.is(ref.tag, 'v1');
  assert.is(formatReference(ref), `app:v1@${D}`);
});
parse('errors are UsageErrors naming the text', () => {
  assert.throws(() => parseReference('App:v1'), usage('"App:v1"'));
  assert.throws(() => parseReference('app:-bad'), usage('"app:-bad"'));
  assert.throws(() => parseReference('app@sha256:xyz'), usage('sha256:xyz'));
  assert.throws(() => parseReference(':v1'), usage('empty'));
  assert.throws(() => parseReference('localhost:5000/app'), usage('localhost:5000/app'));
  assert.throws(() => parseReference('a//b'), usage('a//b'));
});
parse.run();

const names = suite('isValidRepoName / isValidTag');
names('follows the distribution spec grammar', () => {
  for (const ok of ['a', 'a0', 'team/app', 'a.b', 'a_b', 'a__b', 'a-b', 'a---b', 'x/y/z-1.2']) assert.ok(isValidRepoName(ok), ok);
  for (const bad of ['', 'A', '-a', 'a-', 'a___b', 'a..b', 'a/', '/a', 'a b', 'a:b', 'x'.repeat(256)]) assert.not.ok(isValidRepoName(bad), bad);
  for (const ok of ['latest', 'v1.0', '_x', 'A'.repeat(128)]) assert.ok(isValidTag(ok), ok);
  for (const bad of ['', '.x', '-x', 'a/b', 'A'.repeat(129)]) assert.not.ok(isValidTag(bad), bad);
});
names('assert helpers throw UsageErrors', () => {
  assert.throws(() => assertRepoName('Bad'), usage('"Bad"'));
  assert.is(assertManifestReference(D), D);
  assert.is(assertManifestReference('v1'), 'v1');
  assert.throws(() => assertManifestReference('sha256:short'), usage('sha256:short'));
  assert.throws(() => assertManifestReference('bad/tag'), usage('bad/tag'));
});
names.run();
