/**
 * The ways real replicas misbehave, one at a time, as rule sets for the
 * hostile registry (hostile-registry.ts), and a replica that serves what a
 * fake origin registry holds (its store: replication is instant) under one
 * of them. Switch while running by assigning `rules = replicaRules(mode)`.
 */
import { startFakeRegistry, type FakeRegistry } from './fake-registry.ts';
import { hostileOver, type HostileServer, type RequestKind, type Rule } from './hostile-registry.ts';

export type ReplicaMode =
  /** serves the origin's content; blob GETs honour Range (206) */
  | 'honest'
  /** 200 to every HEAD (Content-Length 1234, no digest), 404 to every GET */
  | 'head-lies'
  /** HEADs carry Content-Length 1234; GETs honest */
  | 'size-lies'
  /** blob bodies with their first byte flipped (same size, wrong digest) */
  | 'corrupt-blobs'
  /** every blob GET answers 307 to itself */
  | 'redirect-loop'
  /** 401 (Basic challenge) to everything under /v2/<name>/ */
  | 'refuse-auth'
  /** GET /v2/ answers 429 with Retry-After: 30 */
  | 'throttle-ping'
  /** GET /v2/ answers 503 with Retry-After: 7 */
  | 'unavailable-ping'
  /** reads requests under /v2/<name>/ and never answers */
  | 'black-hole';

const UNDER_NAME: readonly RequestKind[] = ['manifest', 'blob', 'upload', 'other'];
const json = { 'content-type': 'application/json' };

export function replicaRules(mode: ReplicaMode): Rule[] {
  switch (mode) {
    case 'honest':
      return [];
    case 'head-lies':
      return [
        { kind: UNDER_NAME, method: 'HEAD', fault: { kind: 'status', status: 200, headers: { 'content-length': '1234' } } },
        { kind: UNDER_NAME, fault: { kind: 'status', status: 404, headers: json, body: '{"errors":[{"code":"BLOB_UNKNOWN","message":"unknown"}]}' } },
      ];
    case 'size-lies':
      return [{ kind: UNDER_NAME, method: 'HEAD', fault: { kind: 'headers', headers: { 'content-length': '1234' } } }];
    case 'corrupt-blobs':
      return [{ kind: 'blob', method: 'GET', fault: { kind: 'body', body: flipFirstByte } }];
    case 'redirect-loop':
      return [{ kind: 'blob', method: 'GET', fault: { kind: 'redirect', location: (_self, path) => path } }];
    case 'refuse-auth':
      return [{ kind: UNDER_NAME, fault: { kind: 'status', status: 401, headers: { 'www-authenticate': 'Basic realm="hostile"', ...json }, body: '{"errors":[{"code":"UNAUTHORIZED","message":"no"}]}' } }];
    case 'throttle-ping':
      return [{ kind: 'ping', fault: { kind: 'status', status: 429, headers: { 'retry-after': '30' } } }];
    case 'unavailable-ping':
      return [{ kind: 'ping', fault: { kind: 'status', status: 503, headers: { 'retry-after': '7' } } }];
    case 'black-hole':
      return [{ kind: UNDER_NAME, fault: { kind: 'black-hole' } }];
  }
}

function flipFirstByte(honest: Buffer): Buffer {
  const body = Buffer.from(honest);
  if (body.length > 0) body[0] = (body[0] ?? 0) ^ 0xff;
  return body;
}

/** A replica of `origin` (the same store: always in step with it) that misbehaves as `mode` says. */
export async function startHostileReplica(origin: FakeRegistry, mode: ReplicaMode): Promise<HostileServer> {
  const replica = hostileOver(await startFakeRegistry({ store: origin.store }), false, {});
  replica.rules = replicaRules(mode);
  return replica;
}
