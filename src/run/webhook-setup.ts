/**
 * `replication.events: webhook` at run start: the shared secret (from the
 * named environment variable, or generated for the lab), the receiver
 * (startWebhookReceiver, on the run's clock), and — for the lab — the
 * scenario with one lab webhook per replica region pointed at the receiver's
 * PATH/<region>, carrying the secret header. For a real registry the
 * webhooks are the user's to create (README, "Against Azure Container
 * Registry"); the receiver also knows each oci region's host, for payloads
 * whose request.host names the replica.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../errors.ts';
import type { WebhookConfig } from '../lab/webhook-config.ts';
import { startWebhookReceiver, type WebhookEvent, type WebhookReceiver } from '../measure/webhook-receiver.ts';
import type { Env } from '../scenario/credentials.ts';
import type { ResolvedEvents, ResolvedScenario } from '../scenario/resolved.ts';

export interface WebhookSetup {
  readonly receiver: WebhookReceiver;
  /** The scenario to run: for the lab, its target now posts to the receiver. */
  readonly scenario: ResolvedScenario;
  /** Where the lab posts (or a registry should post) events for a region. */
  urlFor(region: string): string;
  close(): Promise<void>;
}

export interface WebhookSetupOptions {
  readonly now: () => number;
  readonly env?: Env;
  readonly onEvent: (event: WebhookEvent) => void;
}

/** The webhook secret: from its environment variable, or (lab, none named) 24 random bytes. */
export function webhookSecret(events: ResolvedEvents, isLab: boolean, env: Env): string {
  if (events.secretEnv !== null) {
    const value = env[events.secretEnv];
    if (value === undefined || value === '') {
      throw new ConfigError(`replication.events.secretEnv: expected the environment variable ${events.secretEnv} to hold the webhook secret, found it ${value === undefined ? 'unset' : 'empty'}`);
    }
    return value;
  }
  if (!isLab) throw new ConfigError('replication.events.secretEnv: expected the name of an environment variable holding the webhook secret');
  return randomBytes(24).toString('base64url');
}

/** Lab webhooks for `regions`, each to url(region) with the secret header. */
export function labWebhooks(events: ResolvedEvents, regions: readonly string[], url: (region: string) => string, secret: string): WebhookConfig[] {
  return regions.map((region) => ({
    url: url(region),
    format: events.labFormat,
    regions: [region],
    actions: ['push'],
    headers: { [events.secretHeader]: secret },
    timeoutMs: 5000,
    retries: 3,
  }));
}

export async function startWebhookSetup(scenario: ResolvedScenario, opts: WebhookSetupOptions): Promise<WebhookSetup> {
  const events = scenario.events;
  if (events === null) throw new ConfigError('replication.events: no event source configured');
  const isLab = scenario.target.kind === 'lab';
  const secret = webhookSecret(events, isLab, opts.env ?? process.env);
  const regionsByHost = scenario.target.kind === 'oci' ? Object.fromEntries(scenario.target.regions.map((r) => [r.host, r.name])) : {};
  const receiver = await startWebhookReceiver({
    host: events.listen,
    port: events.port,
    path: events.path,
    secretHeader: { name: events.secretHeader, value: secret },
    regionsByHost,
    now: opts.now,
    onEvent: opts.onEvent,
  });
  // The lab posts from this machine: a wildcard listen address is reached through loopback.
  const base = receiver.url.replace(/^http:\/\/(0\.0\.0\.0|\[::\])/, 'http://127.0.0.1');
  const urlFor = (region: string): string => `${base.replace(/\/+$/, '')}/${encodeURIComponent(region)}`;
  let run = scenario;
  if (scenario.target.kind === 'lab') {
    const config = scenario.target.config;
    // Every region but the pushes' origins would do; all regions are cheap and cover every push stream.
    const hooks = labWebhooks(events, config.regions.map((r) => r.name), urlFor, secret);
    run = { ...scenario, target: { kind: 'lab', config: { ...config, webhooks: [...config.webhooks, ...hooks] } } };
  }
  return { receiver, scenario: run, urlFor, close: () => receiver.close() };
}
