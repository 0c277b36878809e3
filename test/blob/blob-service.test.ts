import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { redact } from '../../src/redact.ts';
import { accountOfConnectionString, accountUrl, connectionStringClients, DEV_STORE_ACCOUNT, defaultAzureCredential, PIPELINE_OPTIONS } from '../../src/blob/blob-service.ts';

const KEY = 'a2V5LWZvci10ZXN0cy1vbmx5LW5vdC1hLXNlY3JldA==';
const CS = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${KEY};EndpointSuffix=core.windows.net`;

const account = suite('accountOfConnectionString');
account('AccountName, the emulator shortcut, or null', () => {
  assert.is(accountOfConnectionString(`DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${KEY}`), 'acct');
  assert.is(accountOfConnectionString('UseDevelopmentStorage=true'), DEV_STORE_ACCOUNT);
  assert.is(accountOfConnectionString('BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=1&sig=x'), null);
});
account('the public endpoint of an account', () => {
  assert.is(accountUrl('acct'), 'https://acct.blob.core.windows.net');
});
account.run();

const clients = suite('connectionStringClients');
clients('one client per pipeline options; the secrets known to the process from then on', async () => {
  const sdk = await import('@azure/storage-blob');
  const made = connectionStringClients(sdk, CS, 'x', [PIPELINE_OPTIONS, { retryOptions: { maxTries: 1 } }]);
  assert.is(made.services.length, 2);
  assert.equal(made.services.map((s) => s.accountName), ['acct', 'acct']);
  assert.equal(made.secrets, [CS, KEY]);
  assert.not.ok(redact(`echoed ${KEY}`).includes(KEY));
});
clients('an unusable connection string is a ConfigError that names the caller\'s context and does not repeat it', async () => {
  const sdk = await import('@azure/storage-blob');
  const cs = `AccountName=acct;Nonsense=${KEY}`;
  try {
    connectionStringClients(sdk, cs, 'target.regions (east): CS_EAST is not a usable storage connection string');
    assert.unreachable('should have thrown');
  } catch (err: unknown) {
    assert.instance(err, ConfigError);
    assert.match((err as Error).message, /^target\.regions \(east\): CS_EAST is not a usable storage connection string \(/);
    assert.not.ok((err as Error).message.includes(KEY));
  }
});
clients.run();

const credential = suite('defaultAzureCredential');
credential('a DefaultAzureCredential when @azure/identity is installed', async () => {
  const c = await defaultAzureCredential('target: no connectionStringEnv');
  assert.is(typeof (c as { getToken?: unknown }).getToken, 'function');
});
credential.run();
