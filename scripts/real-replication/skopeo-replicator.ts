/**
 * A replicator made of real tools: the origin docker-registry notifies each
 * manifest push (its own notification envelope), and after a per-region delay
 * that stands for distance, `skopeo copy --preserve-digests` copies the image
 * by digest from the origin to each replica, tag included. Nothing of
 * replbench's lab is used.
 *
 * Ground truth comes from the registries themselves: each replica notifies
 * its own manifest push, stamped by the replica when the manifest was stored —
 * before the tag is written — and the copy that pushed it ended after the
 * tag's 201. So the artifact became pullable by tag in the replica within
 * [replica's event timestamp, end of the copy], both as epoch ms
 * (performance.timeOrigin + performance.now() on this side: µs resolution,
 * the same system clock the registry stamps with).
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseWebhookPayload } from '../../src/measure/webhook-payload.ts';

export const SKOPEO_BIN = process.env['REPLBENCH_SKOPEO'] ?? '/usr/bin/skopeo';

/** Epoch ms with sub-ms digits, on this process's monotonic clock. */
export const epochNowMs = (): number => performance.timeOrigin + performance.now();

export interface ReplicaSpec {
  readonly region: string;
  /** host:port of the replica registry. */
  readonly host: string;
  /** Delay before the copy starts, ms (drawn per image: the distance). */
  delayMs(imageKey: string): number;
}

export interface CopyRecord {
  readonly region: string;
  readonly repository: string;
  readonly digest: string;
  readonly tag: string;
  /** When the origin's notification arrived. */
  readonly notifiedEpochMs: number;
  readonly startEpochMs: number;
  readonly endEpochMs: number;
  readonly ok: boolean;
  readonly error?: string;
}

export interface ReplicaEventRecord {
  readonly region: string;
  readonly repository: string;
  readonly digest: string;
  readonly tag: string | undefined;
  /** The replica's own timestamp of its manifest push. */
  readonly eventEpochMs: number;
  readonly receivedEpochMs: number;
}

export interface TruthInterval {
  readonly region: string;
  readonly repository: string;
  readonly digest: string;
  /** Not pullable by tag before this (the replica's manifest-push event). */
  readonly fromEpochMs: number;
  /** Pullable by tag by this (the copy's end). */
  readonly toEpochMs: number;
}

export interface ReplicatorOptions {
  readonly originHost: string;
  readonly replicas: readonly ReplicaSpec[];
  /** Copies at once per replica (default 4). */
  readonly concurrency?: number;
  /** Header the registries send with their notifications. */
  readonly secretHeader?: { readonly name: string; readonly value: string };
}

export interface SkopeoReplicator {
  /** Where the origin posts: URL + '/origin'; a replica R: URL + '/replica/R'. */
  readonly url: string;
  readonly copies: readonly CopyRecord[];
  readonly replicaEvents: readonly ReplicaEventRecord[];
  /** Copies notified and not yet ended. */
  readonly pending: number;
  /** Resolves when no copy is pending (or the time is up). */
  drain(timeoutMs: number): Promise<void>;
  truth(): TruthInterval[];
  close(): Promise<void>;
}

const MANIFEST_TYPES = /manifest|index/;

export async function startSkopeoReplicator(opts: ReplicatorOptions): Promise<SkopeoReplicator> {
  const copies: CopyRecord[] = [];
  const replicaEvents: ReplicaEventRecord[] = [];
  const seen = new Set<string>();
  const queues = new Map(opts.replicas.map((r) => [r.region, { running: 0, waiting: [] as (() => void)[] }]));
  const limit = Math.max(1, opts.concurrency ?? 4);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let pending = 0;
  let closed = false;
  let onIdle: (() => void) | undefined;

  const copy = async (replica: ReplicaSpec, repository: string, digest: string, tag: string, notifiedEpochMs: number): Promise<void> => {
    const q = queues.get(replica.region) as { running: number; waiting: (() => void)[] };
    if (q.running >= limit) await new Promise<void>((resolve) => q.waiting.push(resolve));
    q.running++;
    const startEpochMs = epochNowMs();
    const error = closed
      ? 'replicator closed'
      : await skopeoCopy(`docker://${opts.originHost}/${repository}@${digest}`, `docker://${replica.host}/${repository}:${tag}`);
    copies.push({ region: replica.region, repository, digest, tag, notifiedEpochMs, startEpochMs, endEpochMs: epochNowMs(), ok: error === undefined, ...(error !== undefined ? { error } : {}) });
    q.running--;
    q.waiting.shift()?.();
    if (--pending === 0) onIdle?.();
  };

  const onOrigin = (body: unknown): void => {
    const now = epochNowMs();
    for (const e of parseWebhookPayload(body).events) {
      if (e.action !== 'push' || e.digest === undefined || e.tag === undefined || !MANIFEST_TYPES.test(e.mediaType ?? '')) continue;
      const key = `${e.repository}@${e.digest}:${e.tag}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const replica of opts.replicas) {
        pending++;
        const { repository, digest, tag } = { repository: e.repository, digest: e.digest, tag: e.tag };
        const timer = setTimeout(() => {
          timers.delete(timer);
          void copy(replica, repository, digest, tag, now);
        }, replica.delayMs(key));
        timers.add(timer);
      }
    }
  };

  const onReplica = (region: string, body: unknown): void => {
    const receivedEpochMs = epochNowMs();
    for (const e of parseWebhookPayload(body).events) {
      if (e.action !== 'push' || e.digest === undefined || e.eventEpochMs === undefined || !MANIFEST_TYPES.test(e.mediaType ?? '')) continue;
      replicaEvents.push({ region, repository: e.repository, digest: e.digest, tag: e.tag, eventEpochMs: e.eventEpochMs, receivedEpochMs });
    }
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const secret = opts.secretHeader;
    if (req.method !== 'POST' || (secret !== undefined && req.headers[secret.name.toLowerCase()] !== secret.value)) {
      res.statusCode = req.method !== 'POST' ? 405 : 401;
      res.end();
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.end();
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return;
      }
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (path === '/origin') onOrigin(body);
      else if (path.startsWith('/replica/')) onReplica(decodeURIComponent(path.slice('/replica/'.length)), body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    copies,
    replicaEvents,
    get pending() {
      return pending;
    },
    async drain(timeoutMs) {
      if (pending === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        onIdle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    truth: () => truthIntervals(copies, replicaEvents),
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One interval per (region, digest) whose copy succeeded and whose replica event arrived. */
export function truthIntervals(copies: readonly CopyRecord[], events: readonly ReplicaEventRecord[]): TruthInterval[] {
  const firstEvent = new Map<string, number>();
  for (const e of events) {
    const key = `${e.region} ${e.repository}@${e.digest}`;
    const prev = firstEvent.get(key);
    if (prev === undefined || e.eventEpochMs < prev) firstEvent.set(key, e.eventEpochMs);
  }
  const out: TruthInterval[] = [];
  for (const c of copies) {
    const from = firstEvent.get(`${c.region} ${c.repository}@${c.digest}`);
    if (!c.ok || from === undefined) continue;
    out.push({ region: c.region, repository: c.repository, digest: c.digest, fromEpochMs: from, toEpochMs: c.endEpochMs });
  }
  return out;
}

/** Runs one `skopeo copy`; undefined when it succeeded, else its last line of stderr. */
function skopeoCopy(from: string, to: string): Promise<string | undefined> {
  const args = ['--insecure-policy', 'copy', '--quiet', '--preserve-digests', '--src-tls-verify=false', '--dest-tls-verify=false', '--retry-times', '2', from, to];
  return new Promise((resolve) => {
    execFile(SKOPEO_BIN, args, { timeout: 120_000, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (err, _stdout, stderr) => {
      if (err === null) resolve(undefined);
      else resolve((stderr.trim().split('\n').pop() ?? err.message).slice(0, 300));
    });
  });
}
