import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { webhookSchema } from '../../src/lab/webhook-config.ts';

const schema = suite('webhookSchema');

schema('fills defaults and resolves the timeout', () => {
  assert.equal(webhookSchema.parse({ url: 'http://127.0.0.1:8080/hook' }), {
    url: 'http://127.0.0.1:8080/hook',
    format: 'acr',
    timeoutMs: 5000,
    retries: 3,
  });
  const w = webhookSchema.parse({ url: 'https://h/x', format: 'distribution', regions: ['a'], actions: ['delete'], headers: { a: 'b' }, timeout: '1s', retries: 0 });
  assert.equal(w, { url: 'https://h/x', format: 'distribution', timeoutMs: 1000, retries: 0, regions: ['a'], actions: ['delete'], headers: { a: 'b' } });
});

schema('rejects non-http URLs, unknown formats and unbounded retries', () => {
  assert.is(webhookSchema.safeParse({ url: 'mailto:x@y' }).success, false);
  assert.is(webhookSchema.safeParse({ url: 'http://h', format: 'slack' }).success, false);
  assert.is(webhookSchema.safeParse({ url: 'http://h', retries: 100 }).success, false);
});

schema.run();
