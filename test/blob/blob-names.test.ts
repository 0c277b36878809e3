import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BlobNames, blobNameOf } from '../../src/blob/blob-names.ts';

const name = suite('blobNameOf');
name('RUN/REPOSITORY/TAG, one slash after the prefix', () => {
  assert.is(blobNameOf('20240101T000000Z-x', 'apps/web', 'v1'), '20240101T000000Z-x/apps/web/v1');
  assert.is(blobNameOf('run/', 'r', 't'), 'run/r/t');
});
name.run();

const names = suite('BlobNames');
names('a pushed blob is found by tag and by manifest digest, listed once', () => {
  const n = new BlobNames('run1');
  assert.is(n.nameOf('apps/a', 'v1'), 'run1/apps/a/v1');
  assert.is(n.get('apps/a', 'v1'), undefined);
  const o = { name: 'run1/apps/a/v1', contentDigest: 'sha256:ab', sizeBytes: 3 };
  n.add('apps/a', 'v1', 'sha256:mm', o);
  assert.is(n.get('apps/a', 'v1'), o);
  assert.is(n.get('apps/a', 'sha256:mm'), o);
  assert.is(n.get('apps/b', 'v1'), undefined);
  assert.equal(n.all(), [o]);
});
names.run();
