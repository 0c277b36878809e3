import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as workload from '../../src/workload/index.ts';

const api = suite('workload index');
api('re-exports the public API', () => {
  for (const name of [
    'createPrng',
    'Prng',
    'seedText',
    'resolveSizeDistribution',
    'sampleSize',
    'layerStream',
    'resolveLayer',
    'layerDigest',
    'clearLayerDigestCache',
    'sha256Digest',
    'sha256DigestOfStream',
    'planImage',
    'planImages',
  ]) {
    assert.type((workload as Record<string, unknown>)[name], 'function', name);
  }
  assert.is(workload.BASE_IMAGE_INDEX, -1);
  assert.is(workload.CONTENT_CHUNK_BYTES, 1024 * 1024);
});
api.run();
