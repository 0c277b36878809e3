/**
 * Webhook signals end to end on the lab, through runScenario: the receiver and
 * the lab's webhooks, one signal per replica and image beside the probes
 * (egress priced in the same run). Loopback only; the run takes a few seconds.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readEventLog } from '../../../src/events/log.ts';
import { runScenario } from '../../../src/run/runner.ts';
import { resolveScenario } from '../../../src/scenario/resolve.ts';
import { tinyScenarioDoc } from '../tiny-scenario.ts';
import { ofType, withTempDir } from './feature-run.ts';


const feature = suite('startWebhookSignals (through runScenario)');

feature('webhook lag on the lab: one event per replica and image, beside the probes; egress priced', async () => {
  await withTempDir(async (reports) => {
    const doc = tinyScenarioDoc();
    const scenario = resolveScenario({
      ...doc,
      replication: { ...(doc.replication as object), events: 'webhook' },
      egress: { pricePerGB: { 'a->b': 0.02, default: 0.05 } },
    });
    const result = await runScenario(scenario, { reportsDir: reports });
    assert.ok(result.complete, result.interrupted);
    const { events } = await readEventLog(join(result.runDir, 'events.jsonl'));
    const signals = ofType(events, 'replication-signal');
    assert.is(signals.length, 3);
    const probes = new Map(ofType(events, 'replication').map((r) => [r.labels.image, r]));
    for (const s of signals) {
      assert.is(s.source, 'webhook');
      assert.is(s.labels.region, 'b');
      if (s.outcome !== 'received') throw new Error(`expected a received signal, got ${s.outcome}`);
      const probe = probes.get(s.labels.image);
      if (probe?.outcome !== 'replicated' || probe.truthUs === undefined) throw new Error('expected a replicated probe record with ground truth');
      // The lab posts when the copy lands: the event cannot arrive before the artifact was there. The truth runs
      // from the lab's commit, the webhook lag from the harness's t0 (the 201's arrival less the one-way delay),
      // which is later by up to the commit window — a part of the probe's uncertainty.
      assert.ok(s.valueUs >= probe.truthUs - probe.uncertaintyUs - 2_000, `webhook lag ${s.valueUs} µs vs truth ${probe.truthUs} µs ± ${probe.uncertaintyUs}`);
    }
    const stats = ofType(events, 'signal-stats')[0];
    assert.is(stats?.stats.unauthorized, 0);
    assert.ok(ofType(events, 'egress-prices').length === 1);
    const summary = JSON.parse(await readFile(join(result.runDir, 'summary.json'), 'utf8')) as Record<string, any>;
    assert.is(summary.eventSources.webhook.regions.b.paired, 3);
    assert.is(typeof summary.eventSources.webhook.regions.b.medianDiffMs, 'number');
    assert.equal(Object.keys(summary.egress), ['a', 'b']);
    assert.ok(summary.egress.a.remoteBytes > 0 && summary.egress.a.estimatedCost > 0);
    assert.is(summary.metrics.replication_lag_webhook['region=b'].count, 3);
    const md = await readFile(join(result.runDir, 'report.md'), 'utf8');
    assert.match(md, /## Replication lag from webhook events/);
    assert.match(md, /## Egress/);
  });
});

feature.run();
