/**
 * src/dist/store-error.ts: a store's failures as ReplbenchErrors with stable
 * codes, redacted messages and no cause.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { REDACTED } from '../../src/redact.ts';
import { storeError } from '../../src/dist/store-error.ts';

const KEY = 'c2VjcmV0LWtleS1ieXRlcy1mb3ItdGVzdHMtb25seQ==';

const wrap = suite('storeError');
wrap('maps status codes to stable error codes, redacts, and drops the cause', () => {
  const sdk = (statusCode: number | undefined, code: string, message: string): Error => Object.assign(new Error(message), { statusCode, code });
  const auth = storeError(sdk(403, 'AuthorizationFailure', `Server failed; key ${KEY}`), 'list azblob://acct/runs', [KEY]);
  assert.is(auth.code, 'E_AUTH');
  assert.is(auth.message, `list azblob://acct/runs: 403 AuthorizationFailure: Server failed; key ${REDACTED}`);
  assert.is(auth.cause, undefined);
  assert.is(storeError(sdk(404, 'ContainerNotFound', 'no container'), 'x').code, 'E_CONFIG');
  assert.is(storeError(sdk(undefined, 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'), 'x').code, 'E_UNREACHABLE');
  assert.is(storeError(sdk(500, 'InternalError', 'boom'), 'x').code, 'E_PROTOCOL');
  const cred = Object.assign(new Error('DefaultAzureCredential failed'), { name: 'CredentialUnavailableError' });
  assert.is(storeError(cred, 'x').code, 'E_AUTH');
});
wrap('keeps our own errors, re-made only when their message held a secret', () => {
  const ours = new ConfigError('no run x');
  assert.is(storeError(ours, 'x'), ours);
  const leaky = storeError(new ConfigError(`bad ${KEY}`), 'x', [KEY]);
  assert.is(leaky.code, 'E_CONFIG');
  assert.is(leaky.message, `bad ${REDACTED}`);
});
wrap.run();
