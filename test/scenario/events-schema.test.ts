import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { replicationEventsSchema, resolveEvents } from '../../src/scenario/events-schema.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { tinyScenarioDoc } from '../run/tiny-scenario.ts';

const replicationWith = (events: unknown): Record<string, unknown> => ({ ...(tinyScenarioDoc().replication as object), events });

const schema = suite('replicationEventsSchema');
schema('"webhook" alone takes every default', () => {
  const r = replicationEventsSchema.safeParse('webhook');
  assert.ok(r.success);
  if (!r.success) return;
  assert.equal(r.data, { kind: 'webhook', path: '/webhook', listen: '127.0.0.1', port: 0, secretHeader: 'x-replbench-secret', labFormat: 'acr' });
});
schema('refuses an inline secret without echoing it, an unknown kind and a bad path', () => {
  const secret = replicationEventsSchema.safeParse({ kind: 'webhook', secret: 'hunter2' });
  assert.not.ok(secret.success);
  assert.not.match(JSON.stringify(secret.error?.issues), /hunter2/);
  assert.not.ok(replicationEventsSchema.safeParse('polling').success);
  assert.not.ok(replicationEventsSchema.safeParse({ kind: 'webhook', path: 'no-slash' }).success);
});
schema.run();

const resolve = suite('resolveEvents');
resolve('a lab run needs no secretEnv (the run generates one); header names are lowercased', () => {
  const s = resolveScenario(tinyScenarioDoc({ replication: replicationWith({ kind: 'webhook', secretHeader: 'X-Hook-Secret', path: '/hooks/' }) }));
  assert.equal(s.events, { kind: 'webhook', path: '/hooks', listen: '127.0.0.1', port: 0, secretHeader: 'x-hook-secret', secretEnv: null, labFormat: 'acr' });
});
resolve('no event source: null', () => {
  assert.is(resolveScenario(tinyScenarioDoc()).events, null);
});
resolve('a real registry needs a secretEnv; a blob target takes no webhooks', () => {
  const fail = (path: readonly (string | number)[] | string, message: string): never => {
    throw new ConfigError(`${String(path)}: ${message}`);
  };
  const parsed = replicationEventsSchema.parse('webhook');
  const oci = { kind: 'oci', regions: [], auth: { kind: 'anonymous' } } as const;
  assert.throws(() => resolveEvents(parsed, oci, fail), /secretEnv/);
  assert.equal(resolveEvents({ ...parsed, secretEnv: 'HOOK_SECRET' }, oci, fail)?.secretEnv, 'HOOK_SECRET');
  const blob = { kind: 'blob', azurite: true, copier: null, cleanup: false, regions: [], localRttMs: 1, links: [] } as const;
  assert.throws(() => resolveEvents(parsed, blob, fail), /blob target/);
});
resolve.run();
