import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { defaultThresholds, evaluateThresholds } from '../../src/report/thresholds.ts';
import { parseThresholds } from '../../src/scenario/thresholds.ts';
import { runEvents } from './fixtures.ts';

const evaluate = suite('evaluateThresholds');
evaluate('evaluates on the folded report: series, actual and verdict', () => {
  const report = foldEvents(runEvents(), { thresholds: {} });
  const results = evaluateThresholds(parseThresholds({
    'replication_lag{region:westeurope}': ['p(99)<30s', 'max<50ms', 'count==100'],
    'replication_outcome{region:japaneast}': ['rate(replicated)>=0.99', 'count(timed-out)==1'],
    'replication_outcome': ['rate(replicated)>0.98'],
    'pull_duration{worker:eastus,endpoint:eastus}': ['p(50)<11ms'],
  }), report);
  assert.equal(results.map((r) => [r.series, r.ok, r.unit]), [
    ['region=westeurope', true, 'ms'],
    ['region=westeurope', false, 'ms'],
    ['region=westeurope', true, 'count'],
    ['region=japaneast', false, 'ratio'],
    ['region=japaneast', true, 'count'],
    ['*', true, 'ratio'],
    ['endpoint=eastus,worker=eastus', true, 'ms'],
  ]);
  assert.ok(Math.abs((results[0]?.actual ?? 0) - 99) < 0.1);
  assert.is(results[3]?.actual, 0.98);
  assert.is(results[5]?.actual, 0.99); // 198 of 200
  assert.is(results[0]?.expr, 'replication_lag{region:westeurope}: p(99)<30s');
});
evaluate('aggregates every series a selector matches, like a k6 sub-metric', () => {
  const report = foldEvents(runEvents(), { thresholds: {} });
  const [eastus] = evaluateThresholds(parseThresholds({ 'pull_duration{worker:eastus}': ['count==30'] }), report);
  assert.equal(eastus && [eastus.actual, eastus.ok], [30, true]);
});
evaluate('a selection without data fails with actual null', () => {
  const report = foldEvents(runEvents(), { thresholds: {} });
  const results = evaluateThresholds(parseThresholds({
    'replication_lag{region:nowhere}': ['p(99)<30s'],
    'replication_outcome{region:eastus}': ['rate(replicated)>=0.5'],
  }), report);
  assert.equal(results.map((r) => [r.actual, r.ok]), [[null, false], [null, false]]);
});
evaluate.run();

const outcomes = suite('pull_outcome, load_outcome and the defaults');
outcomes('evaluated per selector on the folded pull outcomes', () => {
  const report = foldEvents(runEvents(), { thresholds: {} });
  const results = evaluateThresholds(parseThresholds({
    'pull_outcome{worker:eastus,endpoint:japaneast}': ['rate(ok)==1', 'count(timeout)==1'],
    'pull_outcome{worker:westeurope}': ['rate(ok)==1'],
  }), report);
  assert.equal(results.map((r) => [r.actual, r.ok]), [[0.909091, false], [1, true], [1, true]]);
});
outcomes('defaults: rate(<success>)==1 on every outcome metric the scenario left unset and the run has', () => {
  const report = foldEvents(runEvents(), { thresholds: {} });
  assert.equal(defaultThresholds({}, report).map((t) => t.expr), ['replication_outcome: rate(replicated)==1 (default)', 'pull_outcome: rate(ok)==1 (default)']);
  assert.equal(defaultThresholds({ 'replication_outcome{region:japaneast}': [], pull_outcome: ['rate(ok)>=0.9'] }, report).map((t) => t.expr), ['pull_outcome: rate(ok)>=0.9']);
  const empty = foldEvents([], { thresholds: {} });
  assert.equal(defaultThresholds({}, empty), []);
});
outcomes.run();

const load = suite('load_outcome');
load('rate(ok) over the load series; the default asks every request answered 2xx/3xx', () => {
  const stats = (status: Record<string, number>, errors = 0, timeouts = 0) => ({ requests: 0, errors, timeouts, status, requestsPerSec: null, connections: null, ratePerSec: null, complete: true });
  const report = {
    series: [],
    outcomes: {},
    pullOutcomes: {},
    load: {
      'endpoint=a,kind=blob-get,worker=a': stats({ '200': 90, '503': 10 }),
      'endpoint=b,kind=blob-get,worker=a': stats({ '307': 50 }, 0, 0),
    },
  };
  const ths = defaultThresholds({ 'load_outcome{endpoint:b}': ['rate(ok)==1'] }, report);
  assert.equal(ths.map((t) => t.expr), ['load_outcome{endpoint:b}: rate(ok)==1']);
  assert.equal(evaluateThresholds(ths, report).map((r) => r.ok), [true]);
  const defaults = defaultThresholds({}, report);
  assert.equal(defaults.map((t) => t.expr), ['load_outcome: rate(ok)==1 (default)']);
  assert.equal(evaluateThresholds(defaults, report).map((r) => [r.actual, r.ok]), [[0.933333, false]]);
});
load.run();
