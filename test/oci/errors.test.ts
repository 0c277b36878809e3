import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, ProtocolError, TimeoutError, UnreachableError } from '../../src/errors.ts';
import { networkError, parseErrorBody, RegistryError } from '../../src/oci/errors.ts';

const body = suite('parseErrorBody');
body('reads the first spec error', () => {
  const text = JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { tag: 'v1' } }, { code: 'DENIED' }] });
  assert.equal(parseErrorBody(404, text), { ociCode: 'MANIFEST_UNKNOWN', rawCode: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { tag: 'v1' } });
});
body('keeps unknown codes as rawCode only, and derives a message when there is none', () => {
  const parsed = parseErrorBody(400, '{"errors":[{"code":"TAG_INVALID"}]}');
  assert.is(parsed.ociCode, undefined);
  assert.is(parsed.rawCode, 'TAG_INVALID');
  assert.is(parsed.message, 'tag invalid');
});
body('garbage, HTML, empty and odd JSON give a generic error with the status', () => {
  for (const text of ['', '<html><body>502 Bad Gateway</body></html>', 'null', '{"errors":[]}', '{"errors":"x"}', '[1]', '{"errors":[null]}']) {
    assert.equal(parseErrorBody(502, text), { ociCode: undefined, rawCode: undefined, message: 'HTTP 502', detail: undefined }, text);
  }
});
body('messages are one bounded line', () => {
  const parsed = parseErrorBody(400, JSON.stringify({ errors: [{ code: 'DENIED', message: `a\nb ${'x'.repeat(500)}` }] }));
  assert.ok(parsed.message.startsWith('a b x'));
  assert.ok(parsed.message.length <= 201);
});
body.run();

const registry = suite('RegistryError');
registry('carries status, code, method and the path only', () => {
  const err = new RegistryError({
    status: 404,
    method: 'PUT',
    url: 'https://r.example/v2/app/blobs/uploads/1?_state=SECRET&digest=sha256:1',
    body: parseErrorBody(404, '{"errors":[{"code":"BLOB_UPLOAD_UNKNOWN","message":"blob upload unknown"}]}'),
  });
  assert.is(err.code, 'E_REGISTRY');
  assert.is(err.status, 404);
  assert.is(err.ociCode, 'BLOB_UPLOAD_UNKNOWN');
  assert.is(err.path, '/v2/app/blobs/uploads/1');
  assert.is(err.message, 'PUT /v2/app/blobs/uploads/1 → 404 BLOB_UPLOAD_UNKNOWN: blob upload unknown');
  assert.not.match(err.message, /SECRET/);
});
registry.run();

const network = suite('networkError');
const ctx = { origin: 'https://r.example', what: 'GET /v2/', timeoutMs: 100 };
const coded = (code: string): Error => Object.assign(new Error(`boom ${code}`), { code });
network('connection failures are UnreachableError', () => {
  for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'UND_ERR_SOCKET', 'ERR_TLS_CERT_ALTNAME_INVALID', 'DEPTH_ZERO_SELF_SIGNED_CERT']) {
    const err = networkError(coded(code), ctx);
    assert.ok(err instanceof UnreachableError, code);
    assert.is((err as UnreachableError).endpoint, 'https://r.example');
  }
  const aggregate = Object.assign(new AggregateError([coded('ECONNREFUSED')]), {});
  assert.ok(networkError(aggregate, ctx) instanceof UnreachableError);
});
network('undici timeouts are TimeoutError; other undici errors ProtocolError', () => {
  for (const code of ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']) {
    const err = networkError(coded(code), ctx);
    assert.ok(err instanceof TimeoutError && err.timeoutMs === 100, code);
  }
  assert.ok(networkError(coded('UND_ERR_REQ_CONTENT_LENGTH_MISMATCH'), ctx) instanceof ProtocolError);
});
network('an aborted signal wins; unknown errors pass through', () => {
  const controller = new AbortController();
  controller.abort();
  assert.ok(networkError(coded('ECONNRESET'), { ...ctx, signal: controller.signal }) instanceof AbortedError);
  const mine = new TypeError('bug');
  assert.is(networkError(mine, ctx), mine);
});
network.run();
