/**
 * The optional features of a run (webhook lag, connected registries, egress),
 * behind one object the runner and runPhases call at a few points (and that
 * does nothing for a scenario that uses none of it):
 *
 * - `replication.events: webhook`: the receiver starts before the target (the
 *   lab's webhooks must point at it); each replica's event becomes a
 *   `replication-signal` record beside the probes' `replication` record;
 * - connected registries: the other push streams (workload.alsoPush), write
 *   checks against ReadOnly nodes, "not-synced" reasons for artifacts outside
 *   a region's repository subset, sync timing against the schedules;
 * - `egress`: the price table, logged once so the report can price the pulls.
 *
 * Calls, in order: startRunExtras (before openTarget) → begin(recorder) after
 * run-start → runPhases calls pushMore / onPushed / replication / settled →
 * finish() before run-end → close().
 */
import { AbortedError } from '../errors.ts';
import { msToUs, replicationEvent } from '../measure/records.ts';
import { oneWayDelayMs } from '../measure/one-way-delay.ts';
import { measureRtt, pingLatencyOf, type RttEstimate } from '../measure/rtt.ts';
import type { Worker } from '../measure/worker.ts';
import { RegistryClient } from '../oci/client.ts';
import { hierarchyOf, readOnlyRegions } from '../scenario/connected.ts';
import type { Env } from '../scenario/credentials.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { ImageCatalog } from '../workload/image-catalog.ts';
import type { ReplicationEvent } from '../events/index.ts';
import type { PushedImage } from './push-phase.ts';
import { planOtherStreams, runPushStreams, streamIndexOf } from './push-streams.ts';
import type { RunRecorder } from './recorder.ts';
import { SyncScope } from './sync-scope.ts';
import type { OpenTarget, RegistryEndpoints } from './driver.ts';
import { startWebhookSetup, type WebhookSetup } from './webhook-setup.ts';
import { WebhookWatch } from './webhook-watch.ts';
import { checkWrite } from './write-check.ts';

/** What runPhases needs to reach the extras. */
export interface PushMoreContext {
  readonly target: OpenTarget;
  readonly workerFor: (region: string) => Worker;
  /** One-way delay from the worker in a region to that region's endpoint (ms). */
  readonly oneWayDelayMs: (region: string) => number;
  /** The origin pusher's round trip (the preflight's). */
  readonly commitRtt: RttEstimate;
  readonly stop: AbortSignal;
  readonly abort: AbortSignal;
  readonly logError: (phase: string, err: unknown, labels: Record<string, string>) => void;
}

export interface RunPhaseExtras {
  /** Runs inside the watch phase, beside the origin's pushes: write checks, the other push streams. */
  pushMore(ctx: PushMoreContext): Promise<void>;
  /** An image committed at `origin` (the webhook watch starts). */
  onPushed(image: PushedImage, origin: string): void;
  /** The record to append for a watch result (a not-synced reason filled in); also logs its sync timing. */
  replication(origin: string, region: string, image: PushedImage, event: ReplicationEvent): ReplicationEvent;
  /** Resolves when every webhook expectation is met or timed out (at once after `abort`). */
  settled(abort: AbortSignal): Promise<void>;
}

export interface RunExtras extends RunPhaseExtras {
  /** The scenario to open the target with (the lab's webhooks point at the receiver). */
  readonly scenario: ResolvedScenario;
  /** The receiver's URL for a region, when there is a receiver. */
  readonly webhookUrlFor?: (region: string) => string;
  /** The origin stream's plans, out of the runner's plans of every image. */
  primaryPlans(plans: ImageCatalog): ImageCatalog;
  begin(recorder: RunRecorder): void;
  /** Logs the event sources' own counters; call before run-end. */
  finish(): void;
  close(): Promise<void>;
}

export interface RunExtrasOptions {
  readonly now: () => number;
  readonly env?: Env;
}

export async function startRunExtras(scenario: ResolvedScenario, opts: RunExtrasOptions): Promise<RunExtras> {
  const now = opts.now;
  let recorder: RunRecorder | undefined;
  const commitOwd = new Map<string, number>();
  const nodes = hierarchyOf(scenario.target);
  const epochOffsetMs = Date.now() - now();
  const scope = nodes === null ? undefined : new SyncScope(nodes, { startMs: now(), toEpochMs: (t) => t + epochOffsetMs });
  const readOnly = readOnlyRegions(scenario.target);
  const clients: RegistryClient[] = [];

  const watch = scenario.events === null ? undefined : new WebhookWatch({
    now,
    timeoutMs: scenario.replication.timeoutMs,
    onResult: (region, image, o) => {
      const labels = { region, image: image.image, digest: image.digest };
      recorder?.record(o.outcome === 'received'
        ? { type: 'replication-signal', source: 'webhook', labels, outcome: 'received', valueUs: Math.round(o.lagMs * 1000) }
        : { type: 'replication-signal', source: 'webhook', labels, outcome: 'missing', reason: o.reason });
    },
  });
  let setup: WebhookSetup | undefined;
  if (watch !== undefined) setup = await startWebhookSetup(scenario, { now, ...(opts.env ? { env: opts.env } : {}), onEvent: (e) => watch.offer(e) });

  const expectedRegions = (origin: string, repo: string): string[] =>
    scenario.regions.filter((r) => r !== origin && (scope === undefined || scope.reach(origin, r, repo).kind === 'reaches'));
  const n = scenario.pushStreams.length;

  const extras: RunExtras = {
    scenario: setup?.scenario ?? scenario,
    ...(setup !== undefined ? { webhookUrlFor: setup.urlFor } : {}),
    primaryPlans: (plans) => (n <= 1 ? plans : plans.filter((i) => streamIndexOf(i, n) === 0)),
    begin(r) {
      recorder = r;
      if (scenario.egress !== null) r.record({ type: 'egress-prices', currency: scenario.egress.currency, pricePerGB: scenario.egress.pricePerGB });
    },
    async pushMore(ctx) {
      commitOwd.set(scenario.origin, oneWayDelayMs(ctx.commitRtt));
      const clientFor = (server: string, client: string): RegistryClient => {
        const registry = registryOf(ctx.target);
        const c = new RegistryClient({ ...registry.clientOptions(server), endpoint: registry.urlFor(server, client), now });
        clients.push(c);
        return c;
      };
      const checks = readOnly.map(async (region) => {
        try {
          const r = await checkWrite(clientFor(region, region), region, { seed: scenario.workload.seed, signal: ctx.abort });
          recorder?.record({ type: 'write-check', labels: { region, image: `replbench/write-check:${region}` }, outcome: r.outcome, status: r.status, message: r.message });
        } catch (err: unknown) {
          if (!(err instanceof AbortedError)) ctx.logError('write-check', err, { region });
        }
      });
      const streams = (async (): Promise<void> => {
        if (n <= 1 || ctx.stop.aborted) return;
        const plans = planOtherStreams(scenario);
        const pushers = new Map<string, { pusher: RegistryClient; rtt: RttEstimate }>();
        for (const origin of new Set(scenario.pushStreams.slice(1).map((s) => s.origin))) {
          const pusher = clientFor(origin, origin);
          const rtt = await measureRtt(pingLatencyOf(pusher), { signal: ctx.abort });
          pushers.set(origin, { pusher, rtt });
          commitOwd.set(origin, oneWayDelayMs(rtt));
        }
        await runPushStreams({
          scenario,
          plans,
          pusherFor: (origin) => pushers.get(origin) as { pusher: RegistryClient; rtt: RttEstimate },
          workerFor: ctx.workerFor,
          oneWayDelayMs: ctx.oneWayDelayMs,
          ...(ctx.target.truthLagMs ? { truthLagMs: ctx.target.truthLagMs } : {}),
          stop: ctx.stop,
          abort: ctx.abort,
          now,
          onPushed: (p, origin) => {
            recorder?.record({ type: 'push', labels: { image: p.image, repo: p.repo, region: origin }, valueUs: msToUs(p.durationMs), digest: p.digest, bytes: p.bytes });
            extras.onPushed(p, origin);
          },
          onResult: (origin, region, image, result, truthMs) => {
            const labels = { region, image: image.image, digest: image.digest };
            const ev = replicationEvent(result, { t: recorder?.tUs() ?? 0, labels, ...(truthMs !== undefined ? { truthMs } : {}) });
            recorder?.append(extras.replication(origin, region, image, ev));
          },
          onFailed: (phase, err, labels) => ctx.logError(phase, err, labels),
        });
      })().catch((err: unknown) => {
        if (!(err instanceof AbortedError)) ctx.logError('push', err, { stream: 'alsoPush' });
      });
      await Promise.all([...checks, streams]);
    },
    onPushed(image, origin) {
      watch?.start(image, expectedRegions(origin, image.repo), commitOwd.get(origin) ?? 0);
    },
    replication(origin, region, image, ev) {
      let out = ev;
      const reach = scope?.reach(origin, region, image.repo);
      if (ev.outcome === 'timed-out' && reach?.kind === 'not-synced') out = { ...ev, reason: `${reach.reason} (${ev.reason})` };
      if (ev.outcome === 'replicated' && scope !== undefined) {
        const commitPointMs = image.commitAtMs - (commitOwd.get(origin) ?? 0);
        const allowed = scope.scheduledArrival(origin, region, image.repo, commitPointMs);
        if (allowed !== undefined) {
          recorder?.record({
            type: 'sync-timing',
            labels: ev.labels,
            origin,
            schedule: allowed.schedule,
            scheduledWaitUs: msToUs(allowed.allowedAtMs - commitPointMs),
            lagUs: ev.valueUs,
          });
        }
      }
      return out;
    },
    async settled(abort) {
      if (watch === undefined) return;
      const onAbort = (): void => watch.close();
      abort.addEventListener('abort', onAbort, { once: true });
      try {
        if (abort.aborted) watch.close();
        await watch.settled();
      } finally {
        abort.removeEventListener('abort', onAbort);
      }
    },
    finish() {
      if (setup === undefined || recorder === undefined) return;
      const s = setup.receiver.stats;
      recorder.record({ type: 'signal-stats', source: 'webhook', stats: { ...s } });
    },
    async close() {
      watch?.close();
      await Promise.allSettled([setup?.close(), ...clients.map((c) => c.close())]);
    },
  };
  return extras;
}


/** Write checks and other push streams talk to registries: a target that is none has no such features (its scenario section refuses them). */
function registryOf(target: OpenTarget): RegistryEndpoints {
  if (target.registry === undefined) throw new Error('write checks and other push streams need a registry target');
  return target.registry;
}
