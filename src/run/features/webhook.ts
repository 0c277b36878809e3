/**
 * Webhook signals (`replication.events: webhook`): the receiver starts before
 * the target (the lab's webhooks must point at it); each replica's event
 * becomes a `replication-signal` record beside the probes' `replication`
 * record, and the receiver's counters a `signal-stats` record before run-end.
 * An image is expected in every other region its hierarchy lets it reach.
 */
import { startWebhookSetup } from '../webhook-setup.ts';
import { WebhookWatch } from '../webhook-watch.ts';
import type { FeatureRun, StartFeature } from './feature.ts';

export const startWebhookSignals: StartFeature = async (scenario, plan, opts) => {
  if (scenario.events === null) return undefined;
  let run: FeatureRun | undefined;
  const watch = new WebhookWatch({
    now: opts.now,
    timeoutMs: scenario.replication.timeoutMs,
    onResult: (region, image, o) => {
      const labels = { region, image: image.image, digest: image.digest };
      run?.recorder.record(o.outcome === 'received'
        ? { type: 'replication-signal', source: 'webhook', labels, outcome: 'received', valueUs: Math.round(o.lagMs * 1000) }
        : { type: 'replication-signal', source: 'webhook', labels, outcome: 'missing', reason: o.reason });
    },
  });
  const setup = await startWebhookSetup(scenario, { now: opts.now, ...(opts.env ? { env: opts.env } : {}), onEvent: (e) => watch.offer(e) });
  const scope = plan.scope;
  const expectedRegions = (origin: string, repo: string): string[] =>
    scenario.regions.filter((r) => r !== origin && (scope === undefined || scope.reach(origin, r, repo).kind === 'reaches'));
  return {
    scenario: setup.scenario,
    begin: (r) => void (run = r),
    onPushed(image, origin) {
      watch.start(image, expectedRegions(origin, image.repo), run?.commitOneWayDelayMs.get(origin) ?? 0);
    },
    async settled(abort) {
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
      if (run === undefined) return;
      run.recorder.record({ type: 'signal-stats', source: 'webhook', stats: { ...setup.receiver.stats } });
    },
    async close() {
      watch.close();
      await setup.close();
    },
  };
};
