import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isOutcomeMetric, METRIC_LABELS, METRICS, OUTCOME_METRICS } from '../src/metrics.ts';

const metrics = suite('METRICS');
metrics('lists the contract metrics first, each with its series labels', () => {
  assert.equal(METRICS.slice(0, 4), ['push_duration', 'replication_lag', 'pull_duration', 'pull_ttfb']);
  for (const m of METRICS) assert.ok(METRIC_LABELS[m].length > 0, m);
});
metrics.run();


const outcomes = suite('OUTCOME_METRICS');
outcomes('each outcome metric asks its success outcome, one of its own outcomes', () => {
  for (const spec of Object.values(OUTCOME_METRICS)) assert.ok(spec.outcomes.includes(spec.success), spec.success);
  assert.ok(isOutcomeMetric('pull_outcome'));
  assert.not.ok(isOutcomeMetric('pull_duration'));
  assert.not.ok(isOutcomeMetric('toString'));
});
outcomes.run();
