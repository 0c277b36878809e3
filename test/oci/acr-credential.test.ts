import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError, AuthError } from '../../src/errors.ts';
import { ACR_AAD_SCOPE, entraAccessToken, lazyDefaultAzureCredential, type TokenCredentialLike } from '../../src/oci/acr-credential.ts';

const entra = suite('entraAccessToken');
entra('asks the credential for the scope, with tenant and signal', async () => {
  const seen: unknown[] = [];
  const cred: TokenCredentialLike = { getToken: async (scopes, options) => (seen.push(scopes, options?.tenantId, options?.abortSignal !== undefined), { token: 'tok', expiresOnTimestamp: 0 }) };
  assert.is(await entraAccessToken(cred, ACR_AAD_SCOPE, { tenantId: 't', signal: new AbortController().signal }), 'tok');
  assert.equal(seen, [ACR_AAD_SCOPE, 't', true]);
});
entra('null or a throw is an AuthError with the first line; an abort is AbortedError', async () => {
  try {
    await entraAccessToken({ getToken: async () => null }, 's', {});
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AuthError && /returned no access token for s/.test(e.message), String(e));
  }
  try {
    await entraAccessToken({ getToken: async () => Promise.reject(new Error('first\nsecond')) }, 's', {});
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AuthError && e.message === 'could not get a Microsoft Entra access token for s: first', String(e));
  }
  const ac = new AbortController();
  ac.abort();
  try {
    await entraAccessToken({ getToken: async () => Promise.reject(new Error('AbortError')) }, 's', { signal: ac.signal });
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AbortedError, String(e));
  }
});
entra.run();

const lazy = suite('lazyDefaultAzureCredential');
lazy('is a TokenCredential created without loading anything or calling out', () => {
  // getToken is not called here: DefaultAzureCredential would try managed identity, which is not on loopback.
  const cred = lazyDefaultAzureCredential('tenant');
  assert.type(cred.getToken, 'function');
});
lazy('@azure/identity is installed and exports DefaultAzureCredential', async () => {
  const mod = await import('@azure/identity');
  assert.type(mod.DefaultAzureCredential, 'function');
});
lazy.run();
