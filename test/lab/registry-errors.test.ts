import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DigestMismatchError } from '../../src/errors.ts';
import { ociErrorBody, registryErrorFor, RegistryHttpError, uploadRange } from '../../src/lab/registry-errors.ts';
import { StoreError } from '../../src/lab/store.ts';

const body = suite('ociErrorBody');
body('the spec shape, detail only when given', () => {
  assert.equal(JSON.parse(ociErrorBody('DENIED', 'no')), { errors: [{ code: 'DENIED', message: 'no' }] });
  assert.equal(JSON.parse(ociErrorBody('X', 'm', { a: 1 })), { errors: [{ code: 'X', message: 'm', detail: { a: 1 } }] });
});
body.run();

const mapping = suite('registryErrorFor');
mapping('store and digest errors map to spec codes and statuses', () => {
  const cases: [unknown, number, string][] = [
    [new DigestMismatchError('a', 'b', 'x'), 400, 'DIGEST_INVALID'],
    [new StoreError('name-invalid', 'm'), 400, 'NAME_INVALID'],
    [new StoreError('digest-invalid', 'm'), 400, 'DIGEST_INVALID'],
    [new StoreError('blob-unknown', 'm'), 404, 'BLOB_UNKNOWN'],
    [new StoreError('upload-unknown', 'm'), 404, 'BLOB_UPLOAD_UNKNOWN'],
    [new StoreError('upload-range', 'm', { sizeBytes: 5 }), 416, 'BLOB_UPLOAD_INVALID'],
    [new StoreError('upload-busy', 'm', { sizeBytes: 5 }), 416, 'BLOB_UPLOAD_INVALID'],
    [new RegistryHttpError(429, 'TOOMANYREQUESTS', 'm'), 429, 'TOOMANYREQUESTS'],
  ];
  for (const [err, status, code] of cases) {
    const answer = registryErrorFor(err);
    assert.is(answer?.status, status, code);
    assert.is(answer?.ociCode, code);
  }
  assert.equal(registryErrorFor(new StoreError('upload-range', 'm', { sizeBytes: 5 }))?.headers, { Range: '0-4' });
  assert.is(registryErrorFor(new Error('boom')), undefined);
});
mapping.run();

const range = suite('uploadRange');
range('last byte, 0-0 when empty', () => {
  assert.is(uploadRange(0), '0-0');
  assert.is(uploadRange(1), '0-0');
  assert.is(uploadRange(10), '0-9');
});
range.run();
