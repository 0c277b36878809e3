import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { defaultThresholds, evaluateThresholds, parseThresholds } from '../../src/report/thresholds.ts';
import { runEvents } from './fixtures.ts';

const configError = (pattern: RegExp) => (e: unknown): boolean => e instanceof ConfigError && pattern.test(e.message);

const parse = suite('parseThresholds');
parse('reads k6-like keys and expressions with units', () => {
  const parsed = parseThresholds({
    'replication_lag{region:westeurope}': ['p(99)<30s', 'max<2m', 'avg<=1s', 'med<500ms', 'min>=0', 'count>10', 'p(99.9) < 1m30s'],
    'pull_duration{ worker: eastus, endpoint: "westeurope" }': 'p(95)<250ms',
    'replication_outcome{region:japaneast}': ['rate(replicated)>=0.99', 'rate(timed-out)<1%', 'count(inconsistent)===0'],
  });
  assert.equal(parsed.map((t) => [t.metric, t.selector, t.aggregation, t.op, t.target]), [
    ['replication_lag', { region: 'westeurope' }, { kind: 'percentile', percentile: 99 }, '<', 30_000],
    ['replication_lag', { region: 'westeurope' }, { kind: 'max' }, '<', 120_000],
    ['replication_lag', { region: 'westeurope' }, { kind: 'avg' }, '<=', 1000],
    ['replication_lag', { region: 'westeurope' }, { kind: 'percentile', percentile: 50 }, '<', 500],
    ['replication_lag', { region: 'westeurope' }, { kind: 'min' }, '>=', 0],
    ['replication_lag', { region: 'westeurope' }, { kind: 'count' }, '>', 10],
    ['replication_lag', { region: 'westeurope' }, { kind: 'percentile', percentile: 99.9 }, '<', 90_000],
    ['pull_duration', { worker: 'eastus', endpoint: 'westeurope' }, { kind: 'percentile', percentile: 95 }, '<', 250],
    ['replication_outcome', { region: 'japaneast' }, { kind: 'rate', outcome: 'replicated' }, '>=', 0.99],
    ['replication_outcome', { region: 'japaneast' }, { kind: 'rate', outcome: 'timed-out' }, '<', 0.01],
    ['replication_outcome', { region: 'japaneast' }, { kind: 'outcome-count', outcome: 'inconsistent' }, '==', 0],
  ]);
  assert.is(parsed[0]?.expr, 'replication_lag{region:westeurope}: p(99)<30s');
});
parse('accepts k6 object items and a metric without selector', () => {
  const parsed = parseThresholds({ pull_ttfb: [{ threshold: 'p(90)<1s' }] });
  assert.equal(parsed[0]?.selector, {});
  assert.is(parsed[0]?.target, 1000);
});
parse('rejects a bad expression with a ConfigError naming it and its place', () => {
  assert.throws(() => parseThresholds({ 'replication_lag{region:x}': ['p(99)<30s', 'p99<30s'] }),
    configError(/^thresholds\["replication_lag\{region:x\}"\]\[1\]: expected an expression .* found "p99<30s"$/));
  assert.throws(() => parseThresholds({ replication_lag: ['max<soon'] }, 'smoke.yaml: thresholds'),
    configError(/^smoke\.yaml: thresholds\["replication_lag"\]\[0\]: expected a duration .* found "soon" in "max<soon"$/));
});
parse('rejects unknown metrics, labels, outcomes and mismatched aggregations', () => {
  assert.throws(() => parseThresholds({ http_req_duration: ['p(95)<1s'] }), configError(/found "http_req_duration"/));
  assert.throws(() => parseThresholds({ 'replication_lag{worker:eastus}': ['p(95)<1s'] }), configError(/label one of region, found "worker:eastus"/));
  assert.throws(() => parseThresholds({ replication_outcome: ['rate(lost)>0.9'] }), configError(/expected an outcome .* found "lost"/));
  assert.throws(() => parseThresholds({ replication_lag: ['rate(replicated)>0.9'] }), configError(/only replication_outcome, pull_outcome, load_outcome take rate/));
  assert.throws(() => parseThresholds({ replication_outcome: ['p(99)<1s'] }), configError(/takes only rate/));
  assert.throws(() => parseThresholds({ replication_outcome: ['rate(replicated)>=1.5'] }), configError(/rate between 0 and 1/));
  assert.throws(() => parseThresholds({ replication_lag: ['count>1.5'] }), configError(/whole count/));
  assert.throws(() => parseThresholds({ replication_lag: ['p(101)<1s'] }), configError(/percentile between 0 and 100/));
});
parse.run();

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
outcomes('pull_outcome takes rate()/count() of its own outcomes and worker/endpoint selectors', () => {
  const [th] = parseThresholds({ 'pull_outcome{worker:eastus,endpoint:japaneast}': ['rate(ok)==1'] });
  assert.is(th?.metric, 'pull_outcome');
  assert.equal(th?.selector, { worker: 'eastus', endpoint: 'japaneast' });
  assert.throws(() => parseThresholds({ pull_outcome: ['rate(replicated)==1'] }), configError(/outcome of pull_outcome \(ok, digest-mismatch, error, timeout, stalled, throttled\)/));
  assert.throws(() => parseThresholds({ 'pull_outcome{region:x}': ['rate(ok)==1'] }), configError(/label one of endpoint, worker/));
  assert.throws(() => parseThresholds({ load_outcome: ['rate(digest-mismatch)==0'] }), configError(/outcome of load_outcome/));
});
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
