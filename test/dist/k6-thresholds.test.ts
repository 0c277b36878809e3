import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { k6MetricKey, toK6Thresholds } from '../../src/dist/k6-thresholds.ts';
import { parseThresholds } from '../../src/scenario/thresholds.ts';

const to = suite('toK6Thresholds');
to('carries pull thresholds over in ms, with the selector as a k6 submetric', () => {
  const r = toK6Thresholds(
    parseThresholds({
      'pull_duration{worker:eastus}': ['p(99)<2s', 'avg<=1.5s', 'med<250ms', 'max<1m'],
      'pull_ttfb{worker:japaneast,endpoint:japaneast}': 'p(99.9)<150.5ms',
      pull_ttfb: ['min>=0'],
    }),
  );
  assert.equal(r.thresholds, {
    'replbench_pull_duration{worker:eastus}': ['p(99)<2000', 'avg<=1500', 'med<250', 'max<60000'],
    'replbench_pull_ttfb{endpoint:japaneast,worker:japaneast}': ['p(99.9)<150.5'],
    replbench_pull_ttfb: ['min>=0'],
  });
  assert.equal(r.skipped, []);
});
to('leaves out what the k6 test cannot evaluate, saying why', () => {
  const r = toK6Thresholds(
    parseThresholds({
      replication_lag: 'p(99)<30s',
      push_duration: 'max<10s',
      'replication_outcome{region:westeurope}': 'rate(replicated)>=0.99',
      pull_duration: 'count>5',
    }),
  );
  assert.equal(r.thresholds, {});
  assert.equal(r.skipped.map((s) => s.expr), [
    'replication_lag: p(99)<30s',
    'push_duration: max<10s',
    'replication_outcome{region:westeurope}: rate(replicated)>=0.99',
    'pull_duration: count>5',
  ]);
  assert.match(r.skipped[0]?.reason ?? '', /only pulls/);
  assert.match(r.skipped[3]?.reason ?? '', /not count/);
});
to.run();

const key = suite('k6MetricKey');
key('sorts selector labels by name; no selector is the bare metric', () => {
  assert.is(k6MetricKey('m', {}), 'm');
  assert.is(k6MetricKey('m', { worker: 'a', endpoint: 'b' }), 'm{endpoint:b,worker:a}');
});
key.run();
