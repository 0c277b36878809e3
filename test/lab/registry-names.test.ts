import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  Digester,
  digestAlgorithm,
  digestHex,
  digestOf,
  isRepoName,
  isSupportedDigest,
  isTag,
  looksLikeDigest,
} from '../../src/lab/registry-names.ts';

const repo = suite('isRepoName');
repo('the spec grammar, nested names included', () => {
  for (const name of ['a', 'a/b/c', 'lib/my-app', 'x.y_z__w', 'a--b/c0']) assert.ok(isRepoName(name), name);
  for (const name of ['', 'A', 'a/', '/a', 'a//b', '-a', 'a_', '../a', 'a/_b', 'a:b', 'x'.repeat(256)]) {
    assert.not.ok(isRepoName(name), name);
  }
});
repo.run();

const tag = suite('isTag');
tag('word characters, dots and dashes, up to 128', () => {
  for (const t of ['latest', 'v1.0.0', '_x', 'A-b_c.d', 'x'.repeat(128)]) assert.ok(isTag(t), t);
  for (const t of ['', '.x', '-x', 'a/b', 'a:b', 'x'.repeat(129)]) assert.not.ok(isTag(t), t);
});
tag.run();

const digests = suite('digests');
digests('supported and well-formed digests', () => {
  const d = digestOf(new TextEncoder().encode('abc'));
  assert.is(d, 'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.ok(isSupportedDigest(d));
  assert.not.ok(isSupportedDigest(d.toUpperCase()));
  assert.not.ok(isSupportedDigest('md5:abcd'));
  assert.ok(looksLikeDigest('md5:abcd'));
  assert.not.ok(looksLikeDigest('latest'));
  assert.is(digestAlgorithm(d), 'sha256');
  assert.is(digestHex(d).length, 64);
  assert.is(digestAlgorithm(digestOf(new Uint8Array(0), 'sha512')), 'sha512');
});
digests.run();

const digester = suite('Digester');
digester('reads the running digest without ending it', () => {
  const running = new Digester();
  running.update(new TextEncoder().encode('ab'));
  assert.is(running.digest(), digestOf(new TextEncoder().encode('ab')));
  running.update(new TextEncoder().encode('c'));
  assert.is(running.digest(), digestOf(new TextEncoder().encode('abc')));
});
digester.run();
