import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { manifestRefs } from '../../src/lab/manifest-refs.ts';

const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

const refs = suite('manifestRefs');

refs('an image manifest needs its config and layers (deduplicated), not its subject', () => {
  const r = manifestRefs(
    enc({
      config: { digest: 'sha256:c', size: 10 },
      layers: [{ digest: 'sha256:l1', size: 100 }, { digest: 'sha256:l1', size: 100 }, { digest: 'sha256:l2', size: 5 }],
      subject: { digest: 'sha256:s', size: 1 },
    }),
  );
  assert.equal(r.blobs, [
    { digest: 'sha256:c', sizeBytes: 10 },
    { digest: 'sha256:l1', sizeBytes: 100 },
    { digest: 'sha256:l2', sizeBytes: 5 },
  ]);
  assert.equal(r.children, []);
});

refs('an index lists its child manifests; artifact manifests their blobs', () => {
  assert.equal(manifestRefs(enc({ manifests: [{ digest: 'sha256:m1', size: 3 }] })).children, [{ digest: 'sha256:m1', sizeBytes: 3 }]);
  assert.equal(manifestRefs(enc({ blobs: [{ digest: 'sha256:b', size: 2 }] })).blobs, [{ digest: 'sha256:b', sizeBytes: 2 }]);
});

refs('garbage gives no references', () => {
  assert.equal(manifestRefs(new TextEncoder().encode('not json')), { blobs: [], children: [] });
  assert.equal(manifestRefs(enc({ layers: [{ size: 1 }, 'x'] })).blobs, []);
});

refs.run();
