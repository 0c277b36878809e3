import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { request } from 'undici';
import type { WebhookEvent } from '../../src/measure/webhook-receiver.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import type { ResolvedEvents } from '../../src/scenario/resolved.ts';
import { labWebhooks, startWebhookSetup, webhookSecret } from '../../src/run/webhook-setup.ts';
import { tinyScenarioDoc } from './tiny-scenario.ts';

const EVENTS: ResolvedEvents = { kind: 'webhook', path: '/webhook', listen: '127.0.0.1', port: 0, secretHeader: 'x-replbench-secret', secretEnv: null, labFormat: 'acr' };

const secret = suite('webhookSecret');
secret('from the named variable; generated for the lab; a named but unset variable is a ConfigError naming it', () => {
  assert.is(webhookSecret({ ...EVENTS, secretEnv: 'HOOK' }, false, { HOOK: 's3cret' }), 's3cret');
  const a = webhookSecret(EVENTS, true, {});
  assert.ok(a.length >= 32 && a !== webhookSecret(EVENTS, true, {}));
  assert.throws(() => webhookSecret({ ...EVENTS, secretEnv: 'HOOK' }, true, {}), (e: Error) => /HOOK/.test(e.message) && /unset/.test(e.message));
  assert.throws(() => webhookSecret(EVENTS, false, {}), /secretEnv/);
});
secret.run();

const hooks = suite('labWebhooks');
hooks('one webhook per region, to its own URL, push only, with the secret header', () => {
  assert.equal(labWebhooks(EVENTS, ['a', 'b'], (r) => `http://127.0.0.1:9/webhook/${r}`, 'sek'), [
    { url: 'http://127.0.0.1:9/webhook/a', format: 'acr', regions: ['a'], actions: ['push'], headers: { 'x-replbench-secret': 'sek' }, timeoutMs: 5000, retries: 3 },
    { url: 'http://127.0.0.1:9/webhook/b', format: 'acr', regions: ['b'], actions: ['push'], headers: { 'x-replbench-secret': 'sek' }, timeoutMs: 5000, retries: 3 },
  ]);
});
hooks.run();

const start = suite('startWebhookSetup');
start('a lab scenario gets its webhooks; the receiver takes events with the secret and refuses others', async () => {
  const scenario = resolveScenario(tinyScenarioDoc({ replication: { ...(tinyScenarioDoc().replication as object), events: 'webhook' } }));
  const events: WebhookEvent[] = [];
  const setup = await startWebhookSetup(scenario, { now: () => 42, onEvent: (e) => events.push(e) });
  try {
    const target = setup.scenario.target;
    if (target.kind !== 'lab') throw new Error('expected a lab target');
    assert.equal(target.config.webhooks.map((w) => w.url), [setup.urlFor('a'), setup.urlFor('b')]);
    assert.match(setup.urlFor('b'), /^http:\/\/127\.0\.0\.1:\d+\/webhook\/b$/);
    const headers = { 'content-type': 'application/json', ...(target.config.webhooks[1]?.headers ?? {}) };
    const body = JSON.stringify({ id: 'e1', action: 'push', target: { repository: 'tiny/app-0', digest: 'sha256:00', tag: 'v1' } });
    const ok = await request(setup.urlFor('b'), { method: 'POST', headers, body });
    await ok.body.dump();
    assert.is(ok.statusCode, 200);
    const refused = await request(setup.urlFor('b'), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await refused.body.dump();
    assert.is(refused.statusCode, 401);
    assert.equal(events.map((e) => [e.region, e.repository, e.atMs]), [['b', 'tiny/app-0', 42]]);
  } finally {
    await setup.close();
  }
});
start('an oci scenario keeps its target; the receiver knows each region by host', async () => {
  const scenario = resolveScenario(tinyScenarioDoc({
    target: { kind: 'oci', regions: [{ name: 'a', endpoint: 'https://a.example' }, { name: 'b', endpoint: 'https://b.example' }] },
    replication: { ...(tinyScenarioDoc().replication as object), events: { kind: 'webhook', secretEnv: 'HOOK' } },
  }));
  const events: WebhookEvent[] = [];
  const setup = await startWebhookSetup(scenario, { now: () => 1, env: { HOOK: 'sek' }, onEvent: (e) => events.push(e) });
  try {
    assert.is(setup.scenario, scenario);
    const body = JSON.stringify({ id: 'e2', action: 'push', target: { repository: 'r', digest: 'sha256:01' }, request: { host: 'b.example' } });
    const r = await request(setup.receiver.url, { method: 'POST', headers: { 'x-replbench-secret': 'sek' }, body });
    await r.body.dump();
    assert.equal(events.map((e) => e.region), ['b']);
  } finally {
    await setup.close();
  }
});
start.run();
