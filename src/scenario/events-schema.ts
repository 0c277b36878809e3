/**
 * `replication.events`: an event source beside the probes. Only `webhook`
 * for now: the run starts an HTTP receiver (src/measure/webhook-receiver.ts)
 * for ACR webhook events and distribution notifications, and records each
 * replica's event as its own lag (replication_lag_webhook).
 *
 *   replication:
 *     events: webhook                      # all defaults, or:
 *     events:
 *       kind: webhook
 *       path: /webhook                     # events for region R may also go to /webhook/R
 *       listen: 127.0.0.1                  # address the receiver binds (0.0.0.0 for a real registry)
 *       port: 0                            # 0 = any free port
 *       secretHeader: x-replbench-secret   # the header that carries the shared secret
 *       secretEnv: REPLBENCH_WEBHOOK_SECRET   # its value; lab runs generate one when omitted
 *       labFormat: acr                     # lab only: acr events or distribution envelopes
 *
 * A receiver on a real network needs a shared secret: a non-lab target
 * without secretEnv is refused (resolveEvents).
 */
import { z } from 'zod';
import { envVarName, inlineSecret } from '../config/fields.ts';
import type { Fail } from './fail.ts';
import type { ResolvedEvents, ResolvedTarget } from './resolved.ts';

export const EVENTS_DEFAULTS = {
  path: '/webhook',
  listen: '127.0.0.1',
  port: 0,
  secretHeader: 'x-replbench-secret',
  labFormat: 'acr',
} as const;

export const replicationEventsSchema = z
  .preprocess(
    (v) => (typeof v === 'string' ? { kind: v } : v),
    z.strictObject({
      kind: z.literal('webhook', { error: () => 'expected "webhook"' }),
      path: z
        .string()
        .regex(/^\/[A-Za-z0-9._~/-]*$/, 'expected a URL path such as "/webhook"')
        .prefault(EVENTS_DEFAULTS.path)
        .meta({ description: 'Path of the receiver; events for region R may also be posted to PATH/R.' }),
      listen: z
        .string()
        .min(1)
        .prefault(EVENTS_DEFAULTS.listen)
        .meta({ description: 'Address the receiver listens on (127.0.0.1; 0.0.0.0 to take a real registry\'s webhooks).' }),
      port: z.number().int().min(0).max(65535).prefault(EVENTS_DEFAULTS.port).meta({ description: '0 = any free port.' }),
      secretHeader: z
        .string()
        .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'expected an HTTP header name')
        .prefault(EVENTS_DEFAULTS.secretHeader)
        .meta({ description: 'Header that must carry the shared secret (set the same header on the registry\'s webhook).' }),
      secretEnv: envVarName.optional().meta({ description: 'Environment variable holding the shared secret; lab runs generate one when omitted.' }),
      secret: inlineSecret('secret', 'secretEnv'),
      labFormat: z
        .enum(['acr', 'distribution'])
        .prefault(EVENTS_DEFAULTS.labFormat)
        .meta({ description: 'Lab only: the payload format the lab posts (ACR events or distribution notification envelopes).' }),
    }),
  )
  .meta({ description: 'An event source beside the probes: "webhook" starts a receiver for registry webhooks.' });

export type ReplicationEventsParsed = z.output<typeof replicationEventsSchema>;

export function resolveEvents(e: ReplicationEventsParsed | undefined, target: ResolvedTarget, fail: Fail): ResolvedEvents | null {
  if (e === undefined) return null;
  if (target.kind === 'blob') {
    fail(['replication', 'events'], 'expected no webhook receiver for a blob target (Blob object replication posts no webhooks; its x-ms-or-* status is read instead)');
  }
  if (target.kind !== 'lab' && e.secretEnv === undefined) {
    fail(['replication', 'events', 'secretEnv'], 'expected the name of an environment variable holding the webhook secret (a receiver a real registry can reach must check a shared secret)');
  }
  return {
    kind: 'webhook',
    path: e.path.length > 1 ? e.path.replace(/\/+$/, '') : e.path,
    listen: e.listen,
    port: e.port,
    secretHeader: e.secretHeader.toLowerCase(),
    secretEnv: e.secretEnv ?? null,
    labFormat: e.labFormat,
  };
}
