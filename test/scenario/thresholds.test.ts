import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { parseThresholds, thresholdKeyMetric, THRESHOLD_EXPR_PATTERN, THRESHOLD_KEY_PATTERN } from '../../src/scenario/thresholds.ts';

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
parse('pull_outcome takes rate()/count() of its own outcomes and worker/endpoint selectors', () => {
  const [th] = parseThresholds({ 'pull_outcome{worker:eastus,endpoint:japaneast}': ['rate(ok)==1'] });
  assert.is(th?.metric, 'pull_outcome');
  assert.equal(th?.selector, { worker: 'eastus', endpoint: 'japaneast' });
  assert.throws(() => parseThresholds({ pull_outcome: ['rate(replicated)==1'] }), configError(/outcome of pull_outcome \(ok, digest-mismatch, error, timeout, stalled, throttled\)/));
  assert.throws(() => parseThresholds({ 'pull_outcome{region:x}': ['rate(ok)==1'] }), configError(/label one of endpoint, worker/));
  assert.throws(() => parseThresholds({ load_outcome: ['rate(digest-mismatch)==0'] }), configError(/outcome of load_outcome/));
});
parse('thresholdKeyMetric names the metric of a key', () => {
  assert.is(thresholdKeyMetric('pull_outcome{worker:eastus}'), 'pull_outcome');
  assert.is(thresholdKeyMetric(' replication_lag '), 'replication_lag');
  assert.is(thresholdKeyMetric('not a key!'), 'not a key!');
});
parse.run();


const patterns = suite('the JSON Schema patterns');
patterns('accept what the parser accepts for keys and replication expressions', () => {
  const key = new RegExp(THRESHOLD_KEY_PATTERN);
  const expr = new RegExp(THRESHOLD_EXPR_PATTERN);
  assert.ok(key.test('replication_lag{region:westeurope}'));
  assert.ok(key.test('replication_outcome'));
  assert.not.ok(key.test('http_req_duration'));
  assert.ok(expr.test('p(99)<30s'));
  assert.ok(expr.test('rate(replicated)>=99%'));
  assert.not.ok(expr.test('p99<30s'));
});
patterns.run();
