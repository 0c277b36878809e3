/**
 * Webhook bodies for a replication event in the two formats the lab speaks:
 * ACR webhook events (one JSON object per event, as ACR posts per replica)
 * and docker distribution notification envelopes ({events: [...]}).
 */
import type { ReplicationEvent } from './replicator-apply.ts';
import type { WebhookFormat } from './webhook-config.ts';

export const DISTRIBUTION_EVENTS_MEDIA_TYPE = 'application/vnd.docker.distribution.events.v1+json';

export interface WebhookBodyContext {
  readonly eventId: string;
  readonly requestId: string;
  /** RFC 3339 with fractional seconds. */
  readonly timestamp: string;
  /** host:port of the region's own endpoint. */
  readonly host: string;
  readonly instanceId: string;
}

export interface WebhookBody {
  readonly contentType: string;
  readonly json: unknown;
}

export function webhookBody(format: WebhookFormat, e: ReplicationEvent, ctx: WebhookBodyContext): WebhookBody {
  const p = e.payload;
  const target: Record<string, unknown> = {};
  if (p.kind === 'manifest') {
    const size = p.bytes.byteLength;
    Object.assign(target, { mediaType: p.mediaType, size, digest: p.digest, length: size, repository: p.repo });
    if (p.tag !== undefined) target['tag'] = p.tag;
  } else if (p.kind === 'delete-manifest') {
    Object.assign(target, { digest: p.digest, repository: p.repo });
  } else {
    Object.assign(target, { repository: p.repo, tag: p.tag });
  }
  const method = e.action === 'push' ? 'PUT' : 'DELETE';
  if (format === 'acr') {
    return {
      contentType: 'application/json',
      json: {
        id: ctx.eventId,
        timestamp: ctx.timestamp,
        action: e.action,
        target,
        request: { id: ctx.requestId, host: ctx.host, method, useragent: 'replbench-lab' },
      },
    };
  }
  const reference = p.kind === 'delete-tag' ? p.tag : p.digest;
  return {
    contentType: DISTRIBUTION_EVENTS_MEDIA_TYPE,
    json: {
      events: [
        {
          id: ctx.eventId,
          timestamp: ctx.timestamp,
          action: e.action,
          target: { ...target, url: `http://${ctx.host}/v2/${p.repo}/manifests/${reference}` },
          request: { id: ctx.requestId, addr: ctx.host, host: ctx.host, method, useragent: 'replbench-lab' },
          actor: {},
          source: { addr: ctx.host, instanceID: ctx.instanceId },
        },
      ],
    },
  };
}

/** Epoch ms (fractional) → "2025-01-01T00:00:00.123456Z". */
export function rfc3339(epochMs: number): string {
  const whole = Math.floor(epochMs);
  const iso = new Date(whole).toISOString(); // …:SS.mmmZ
  const micros = Math.round((epochMs - whole) * 1000)
    .toString()
    .padStart(3, '0')
    .slice(0, 3);
  return `${iso.slice(0, -1)}${micros}Z`;
}
