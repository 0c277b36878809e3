/**
 * Connected registries: the other push streams (workload.alsoPush, each
 * origin through its own client, watched everywhere else), write checks
 * against ReadOnly nodes, "not-synced" reasons for artifacts outside a
 * region's repository subset, and sync timing against the schedules of the
 * hierarchy (the plan's scope).
 */
import { AbortedError } from '../../errors.ts';
import { oneWayDelayMs } from '../../measure/one-way-delay.ts';
import { msToUs, replicationEvent } from '../../measure/records.ts';
import { measureRtt, pingLatencyOf, type RttEstimate } from '../../measure/rtt.ts';
import { RegistryClient } from '../../oci/client.ts';
import { readOnlyRegions } from '../../scenario/connected.ts';
import { runPushStreams } from '../push-streams.ts';
import { checkWrite } from '../write-check.ts';
import type { FeatureRun, StartFeature } from './feature.ts';

export const startConnected: StartFeature = async (scenario, plan, opts) => {
  const readOnly = readOnlyRegions(scenario.target);
  const scope = plan.scope;
  if (scope === undefined && readOnly.length === 0 && plan.others.length === 0) return undefined;
  const now = opts.now;
  const clients: RegistryClient[] = [];
  let run: FeatureRun | undefined;

  const clientFor = (r: FeatureRun, server: string, client: string): RegistryClient => {
    const registry = r.target.registry;
    if (registry === undefined) throw new Error('write checks and other push streams need a registry target');
    const c = new RegistryClient({ ...registry.clientOptions(server), endpoint: registry.urlFor(server, client), now });
    clients.push(c);
    return c;
  };

  const otherStreams = async (r: FeatureRun): Promise<void> => {
    if (plan.others.length === 0 || r.stop.aborted) return;
    const pushers = new Map<string, { pusher: RegistryClient; rtt: RttEstimate }>();
    for (const origin of new Set(plan.others.map((s) => s.origin))) {
      const pusher = clientFor(r, origin, origin);
      const rtt = await measureRtt(pingLatencyOf(pusher), { signal: r.abort });
      pushers.set(origin, { pusher, rtt });
      r.commitOneWayDelayMs.set(origin, oneWayDelayMs(rtt));
    }
    await runPushStreams({
      scenario,
      streams: plan.others,
      pusherFor: (origin) => pushers.get(origin) as { pusher: RegistryClient; rtt: RttEstimate },
      workerFor: (region) => r.workerFor(region),
      oneWayDelayMs: (region) => r.oneWayDelayMs(region),
      ...(r.target.truthLagMs ? { truthLagMs: r.target.truthLagMs.bind(r.target) } : {}),
      stop: r.stop,
      abort: r.abort,
      now,
      onPushed: (p, origin) => {
        r.recorder.record({ type: 'push', labels: { image: p.image, repo: p.repo, region: origin }, valueUs: msToUs(p.durationMs), digest: p.digest, bytes: p.bytes });
        r.pushed(p, origin);
      },
      onResult: (origin, region, image, result, truthMs) => {
        const labels = { region, image: image.image, digest: image.digest };
        r.replicated(origin, region, image, replicationEvent(result, { t: r.recorder.tUs(), labels, ...(truthMs !== undefined ? { truthMs } : {}) }));
      },
      onFailed: (phase, err, labels) => r.logError(phase, err, labels),
    });
  };

  return {
    begin: (r) => void (run = r),
    async beside(r) {
      const checks = readOnly.map(async (region) => {
        try {
          const result = await checkWrite(clientFor(r, region, region), region, { seed: scenario.workload.seed, signal: r.abort });
          r.recorder.record({ type: 'write-check', labels: { region, image: `replbench/write-check:${region}` }, outcome: result.outcome, status: result.status, message: result.message });
        } catch (err: unknown) {
          if (!(err instanceof AbortedError)) r.logError('write-check', err, { region });
        }
      });
      const streams = otherStreams(r).catch((err: unknown) => {
        if (!(err instanceof AbortedError)) r.logError('push', err, { stream: 'alsoPush' });
      });
      await Promise.all([...checks, streams]);
    },
    replication(origin, region, image, ev) {
      let out = ev;
      const reach = scope?.reach(origin, region, image.repo);
      if (ev.outcome === 'timed-out' && reach?.kind === 'not-synced') out = { ...ev, reason: `${reach.reason} (${ev.reason})` };
      if (ev.outcome === 'replicated' && scope !== undefined) {
        const commitPointMs = image.commitAtMs - (run?.commitOneWayDelayMs.get(origin) ?? 0);
        const allowed = scope.scheduledArrival(origin, region, image.repo, commitPointMs);
        if (allowed !== undefined) {
          run?.recorder.record({
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
    async close() {
      await Promise.allSettled(clients.map((c) => c.close()));
    },
  };
};
