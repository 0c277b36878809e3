/**
 * The bodies a webhook receiver accepts, as plain events:
 *
 * - an ACR webhook event: one JSON object per POST,
 *     {id, timestamp, action, target: {repository, tag?, digest?, mediaType?, size?},
 *      request: {id, host, method, useragent}}
 *   (ACR posts one per replica as the change lands there; request.host names
 *   the registry endpoint that raised it);
 * - a distribution notification envelope (docker distribution / CNCF
 *   Distribution, media type application/vnd.docker.distribution.events.v1+json):
 *     {events: [{id, timestamp, action, target: {repository, tag?, digest?, url?, …},
 *                request: {id, addr, host, method, useragent}, actor, source: {addr, instanceID}}]}.
 *
 * Unknown fields are ignored; an event without an id, an action or a
 * repository is skipped (counted by the caller), never thrown.
 */

export type WebhookFormat = 'acr' | 'distribution';

export interface PayloadEvent {
  readonly format: WebhookFormat;
  readonly id: string;
  /** 'push', 'delete', 'ping', … as sent (lowercase). */
  readonly action: string;
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** target.mediaType as sent (distribution sends blobs' pushes too, as application/octet-stream). */
  readonly mediaType: string | undefined;
  /** request.host, else source.addr (distribution), lowercase; undefined when neither was sent. */
  readonly host: string | undefined;
  /** The timestamp as sent (RFC 3339). */
  readonly eventTimestamp: string | undefined;
  /** That timestamp as epoch ms (fractions kept), when parsable. */
  readonly eventEpochMs: number | undefined;
}

export interface ParsedPayload {
  readonly events: readonly PayloadEvent[];
  /** Entries that were not events (no id, action or repository). */
  readonly skipped: number;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** RFC 3339 → epoch ms keeping sub-millisecond digits ("…:05.123456Z" → …05123.456). */
export function parseEventTimestamp(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i.exec(text.trim());
  if (!m) return undefined;
  const whole = Date.parse(`${m[1]}${m[3]}`);
  if (!Number.isFinite(whole)) return undefined;
  const fraction = m[2] !== undefined ? Number(`0.${m[2]}`) * 1000 : 0;
  return whole + fraction;
}

function toEvent(format: WebhookFormat, raw: unknown): PayloadEvent | undefined {
  const e = obj(raw);
  const target = obj(e['target']);
  const request = obj(e['request']);
  const id = str(e['id']);
  const action = str(e['action'])?.toLowerCase();
  const repository = str(target['repository']);
  if (id === undefined || action === undefined || repository === undefined) return undefined;
  const eventTimestamp = str(e['timestamp']);
  const host = (str(request['host']) ?? str(obj(e['source'])['addr']))?.toLowerCase();
  return {
    format,
    id,
    action,
    repository,
    tag: str(target['tag']),
    digest: str(target['digest']),
    mediaType: str(target['mediaType']),
    host,
    eventTimestamp,
    eventEpochMs: parseEventTimestamp(eventTimestamp),
  };
}

/** The events of a parsed JSON body: an envelope when it has an `events` array, else one ACR event. */
export function parseWebhookPayload(body: unknown): ParsedPayload {
  const root = obj(body);
  const list = root['events'];
  const [format, raws]: [WebhookFormat, unknown[]] = Array.isArray(list) ? ['distribution', list] : ['acr', [body]];
  const events: PayloadEvent[] = [];
  for (const raw of raws) {
    const e = toEvent(format, raw);
    if (e !== undefined) events.push(e);
  }
  return { events, skipped: raws.length - events.length };
}
