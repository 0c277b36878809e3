import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { IncomingMessage } from 'node:http';
import { normalizeHost, pathMatcher, secretChecker } from '../../src/measure/webhook-http.ts';

const req = (headers: Record<string, string | string[]>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

const secret = suite('secretChecker');
secret('the header (any case) must carry exactly the secret; none configured lets all in', () => {
  const ok = secretChecker({ name: 'X-Hook-Secret', value: 's3cret' });
  assert.ok(ok(req({ 'x-hook-secret': 's3cret' })));
  assert.ok(ok(req({ 'x-hook-secret': ['s3cret', 'other'] })));
  const refused: Record<string, string>[] = [{}, { 'x-hook-secret': '' }, { 'x-hook-secret': 's3cret ' }, { 'x-hook-secret': 's3cre' }, { other: 's3cret' }];
  for (const h of refused) assert.not.ok(ok(req(h)), JSON.stringify(h));
  assert.ok(secretChecker(undefined)(req({})));
});
secret.run();

const paths = suite('pathMatcher');
paths('the path itself, one segment below it, nothing else', () => {
  const m = pathMatcher('/hooks/acr');
  assert.equal([m('/hooks/acr'), m('/hooks/acr/eastus'), m('/hooks/acr/a%20b')], ['', 'eastus', 'a b']);
  for (const p of ['/hooks', '/hooks/acrx', '/hooks/acr/', '/hooks/acr/a/b', '/hooks/acr/%E0%A4%A']) assert.is(m(p), undefined, p);
  const root = pathMatcher('/');
  assert.equal([root('/'), root('/eastus'), root('/a/b')], ['', 'eastus', undefined]);
});
paths.run();

const hosts = suite('normalizeHost');
hosts('lowercase, default ports dropped', () => {
  assert.equal(['Reg.AzureCR.io:443', 'h:80', '127.0.0.1:8443'].map(normalizeHost), ['reg.azurecr.io', 'h', '127.0.0.1:8443']);
});
hosts.run();
