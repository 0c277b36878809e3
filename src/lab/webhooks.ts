/**
 * Posts replication events to the configured webhook URLs, one event per
 * region as the write becomes visible there. Sending never blocks
 * replication: events wait in a bounded queue per webhook, a few requests
 * run at once, each failure is retried with backoff a bounded number of
 * times, and what could not be delivered is counted, not thrown. Header
 * values (credentials) are never logged.
 */
import { Agent, request } from 'undici';
import type { SeededRandom } from '../random.ts';
import type { Clock } from '../time/clock.ts';
import { realSleep } from '../time/real-clock.ts';
import type { ReplicationEvent } from './replicator-apply.ts';
import { rfc3339, webhookBody } from './webhook-body.ts';
import type { WebhookConfig } from './webhook-config.ts';

export interface WebhookStats {
  delivered: number;
  failed: number;
  retried: number;
  dropped: number;
}

export interface WebhookSenderOptions {
  readonly clock: Pick<Clock, 'toEpochMs'>;
  readonly prng: SeededRandom;
  /** host:port of a region's own endpoint (request.host in the events). */
  readonly hostOf: (region: string) => string;
  readonly concurrency?: number;
  readonly maxQueued?: number;
  readonly backoffMs?: number;
}

interface Outgoing {
  readonly hook: WebhookConfig;
  readonly region: string;
  readonly contentType: string;
  readonly body: string;
}

export class WebhookSender {
  readonly stats: WebhookStats = { delivered: 0, failed: 0, retried: 0, dropped: 0 };
  private readonly hooks: readonly WebhookConfig[];
  private readonly opts: WebhookSenderOptions;
  private readonly queue: Outgoing[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  /** Own connection pool, so close() leaves no keep-alive sockets behind. */
  private readonly agent = new Agent();
  private readonly instanceId: string;

  constructor(hooks: readonly WebhookConfig[], opts: WebhookSenderOptions) {
    this.hooks = hooks;
    this.opts = opts;
    this.instanceId = opts.prng.uuid();
  }

  /** Queues the event for every webhook that wants it; returns at once. */
  send(event: ReplicationEvent): void {
    if (this.abort.signal.aborted) return;
    for (const hook of this.hooks) {
      if (hook.regions !== undefined && !hook.regions.includes(event.region)) continue;
      if (hook.actions !== undefined && !hook.actions.includes(event.action)) continue;
      const body = webhookBody(hook.format, event, {
        eventId: this.opts.prng.uuid(),
        requestId: this.opts.prng.uuid(),
        timestamp: rfc3339(this.opts.clock.toEpochMs(event.atMs)),
        host: this.opts.hostOf(event.region),
        instanceId: this.instanceId,
      });
      if (this.queue.length >= (this.opts.maxQueued ?? 10_000)) {
        this.stats.dropped++;
        continue;
      }
      this.queue.push({ hook, region: event.region, contentType: body.contentType, body: JSON.stringify(body.json) });
    }
    this.pump();
  }

  /** Resolves when nothing is queued or in flight. */
  async flush(): Promise<void> {
    for (let i = 0; i < 10_000 && (this.inFlight.size > 0 || this.queue.length > 0); i++) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /** Drops what is queued and aborts what is in flight. */
  async close(): Promise<void> {
    this.stats.dropped += this.queue.length;
    this.queue.length = 0;
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
    await this.agent.destroy().catch(() => undefined);
  }

  private pump(): void {
    while (this.inFlight.size < (this.opts.concurrency ?? 4) && this.queue.length > 0) {
      const out = this.queue.shift() as Outgoing;
      const p = this.deliver(out).finally(() => {
        this.inFlight.delete(p);
        this.pump();
      });
      this.inFlight.add(p);
    }
  }

  private async deliver(out: Outgoing): Promise<void> {
    const signal = this.abort.signal;
    for (let attempt = 0; attempt <= out.hook.retries; attempt++) {
      if (signal.aborted) return;
      if (attempt > 0) {
        this.stats.retried++;
        // Real time even on a virtual lab clock: the webhook receivers are real servers. An abort ends the wait, and the loop.
        await realSleep((this.opts.backoffMs ?? 200) * 2 ** (attempt - 1), signal).catch(() => undefined);
      }
      try {
        const res = await request(out.hook.url, {
          method: 'POST',
          headers: { ...out.hook.headers, 'content-type': out.contentType, 'x-replbench-lab-region': out.region },
          body: out.body,
          signal,
          dispatcher: this.agent,
          headersTimeout: out.hook.timeoutMs,
          bodyTimeout: out.hook.timeoutMs,
        });
        await res.body.dump();
        if (res.statusCode >= 200 && res.statusCode < 300) {
          this.stats.delivered++;
          return;
        }
      } catch {
        // connection refused, timeout, abort: retried below (the error may echo headers, so it is not kept)
      }
    }
    if (!signal.aborted) this.stats.failed++;
  }
}
