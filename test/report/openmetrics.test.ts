import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ReplEvent } from '../../src/events/index.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { escapeLabelValue, formatFloat, renderOpenMetrics } from '../../src/report/openmetrics.ts';
import { histogramQuantile } from '../helpers/prom-quantile.ts';
import { mulberry32 } from '../stats/seeded.ts';
import { runEvents, START } from './fixtures.ts';

const esc = suite('escapeLabelValue');
esc('escapes backslash, double quote and newline', () => {
  assert.is(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
});
esc.run();

const fmt = suite('formatFloat');
fmt('keeps a decimal point on whole numbers and spells infinities', () => {
  assert.equal([1, 0.5, 2500, Infinity, -Infinity, NaN].map(formatFloat), ['1.0', '0.5', '2500.0', '+Inf', '-Inf', 'NaN']);
});
fmt.run();

// OpenMetrics text grammar, enough for our output: metadata lines and samples.
const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const NUMBER = '(?:[-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?|[-+]?Inf|NaN)';
const SAMPLE_RE = new RegExp(`^(${NAME})(?:\\{(${LABEL}(?:,${LABEL})*)\\})? (${NUMBER})$`);
const META_RE = new RegExp(`^# (TYPE|UNIT|HELP) (${NAME})(?: (.*))?$`);

interface Parsed { name: string; labels: Record<string, string>; value: number }

function parse(text: string): { samples: Parsed[]; types: Map<string, string> } {
  assert.ok(text.endsWith('# EOF\n'), 'ends with # EOF');
  const lines = text.slice(0, -'# EOF\n'.length).split('\n').filter((l) => l !== '');
  const samples: Parsed[] = [];
  const types = new Map<string, string>();
  for (const line of lines) {
    const meta = META_RE.exec(line);
    if (meta) {
      if (meta[1] === 'TYPE') {
        assert.ok(!types.has(meta[2] ?? ''), `family ${meta[2]} declared once`);
        assert.match(meta[3] ?? '', /^(counter|gauge|histogram|summary|info|unknown)$/);
        types.set(meta[2] ?? '', meta[3] ?? '');
      }
      if (meta[1] === 'UNIT') assert.ok((meta[2] ?? '').endsWith(`_${meta[3]}`), `unit suffix on ${meta[2]}`);
      continue;
    }
    const m = SAMPLE_RE.exec(line);
    assert.ok(m, `sample line parses: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m?.[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] ?? ''] = l[2] ?? '';
    const raw = m?.[3] ?? '';
    samples.push({ name: m?.[1] ?? '', labels, value: raw === '+Inf' ? Infinity : Number(raw) });
  }
  return { samples, types };
}

const om = suite('renderOpenMetrics');
om('every line is metadata or a sample that parses, each family typed once, ending with # EOF', () => {
  const { samples, types } = parse(renderOpenMetrics(foldEvents(runEvents())));
  assert.ok(samples.length > 100);
  for (const s of samples) {
    const family = [...types.keys()].find((f) => s.name === f || ['_sum', '_count', '_bucket'].some((x) => s.name === `${f}${x}`));
    assert.ok(family, `sample ${s.name} belongs to a declared family`);
    assert.is(s.labels.scenario, 'smoke');
  }
  assert.is(types.get('replbench_replication_lag_seconds'), 'summary');
  assert.is(types.get('replbench_replication_lag_hist_seconds'), 'histogram');
  assert.is(types.get('replbench_replication_lag_uncertainty_seconds'), 'gauge');
  for (const name of types.keys()) assert.not.match(name, /_ms(_|$)/, `${name}: base units only`);
});
om('summary quantiles and histogram buckets agree with the run', () => {
  const { samples } = parse(renderOpenMetrics(foldEvents(runEvents())));
  const find = (name: string, labels: Record<string, string>): number | undefined =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
  assert.ok(Math.abs((find('replbench_replication_lag_seconds', { region: 'westeurope', quantile: '0.99' }) ?? 0) - 0.099) < 0.0002);
  assert.is(find('replbench_replication_lag_seconds_count', { region: 'japaneast' }), 98);
  assert.ok(Math.abs((find('replbench_replication_lag_seconds_sum', { region: 'westeurope' }) ?? 0) - 5.05) < 0.005, 'sum in seconds');
  const buckets = samples.filter((s) => s.name === 'replbench_replication_lag_hist_seconds_bucket' && s.labels.region === 'westeurope');
  assert.equal(buckets.at(-1)?.labels.le, '+Inf');
  assert.is(buckets.at(-1)?.value, 100);
  assert.is(buckets[0]?.value, 0, 'the first bound is below every value');
  assert.is(buckets.at(-2)?.value, 100, 'the last finite bound is above every value');
  for (let i = 1; i < buckets.length; i++) assert.ok((buckets[i]?.value ?? 0) >= (buckets[i - 1]?.value ?? 0), 'cumulative');
  const le = (b: Parsed | undefined): number => Number(b?.labels.le);
  // westeurope's lags are 1, 2, … 100 ms: a bucket holds every whole ms up to its bound.
  for (const b of buckets.slice(0, -1)) assert.is(b.value, Math.min(100, Math.floor(le(b) * 1000 + 1e-9)), `values ≤ ${le(b)} s`);
  const japan = samples.filter((s) => s.name === 'replbench_replication_lag_hist_seconds_bucket' && s.labels.region === 'japaneast');
  assert.equal(japan.map((b) => b.labels.le), buckets.map((b) => b.labels.le), 'one bucket set per metric, so sum by (le) holds');
  // ± per lag percentile: 2 ms brackets on every sample.
  assert.is(find('replbench_replication_lag_uncertainty_seconds', { region: 'westeurope', percentile: 'p99' }), 0.002);
  assert.is(find('replbench_replication_lag_uncertainty_seconds', { region: 'westeurope', percentile: 'max' }), 0.002);
  assert.is(find('replbench_replication_artifacts', { region: 'japaneast', outcome: 'timed-out' }), 1);
  assert.is(find('replbench_network_close_gain_ratio', { worker: 'eastus' }), 8.995);
  assert.is(find('replbench_threshold_passed', { series: 'region=japaneast' }), 0);
  assert.is(find('replbench_run_complete', {}), 1);
  assert.is(find('replbench_run_info', { run_id: '20240101T000000Z-smoke' }), 1);
});
om('an empty run still ends with # EOF and names the run', () => {
  const text = renderOpenMetrics(foldEvents([], { thresholds: {} }));
  const { samples } = parse(text);
  assert.equal(samples.map((s) => s.name), ['replbench_run_complete', 'replbench_run_info', 'replbench_run_start_timestamp_seconds']);
});
om('histogram_quantile of p50, p90 and p99 is within 5% of the run\'s own percentiles', () => {
  let worst = 0;
  for (const events of [runEvents(), lognormalRun(1, 100), lognormalRun(2, 1000), lognormalRun(3, 5000)]) {
    const { samples } = parse(renderOpenMetrics(foldEvents(events)));
    const summaries = samples.filter((s) => /_seconds$/.test(s.name) && s.labels.quantile !== undefined && !s.name.includes('uncertainty'));
    assert.ok(summaries.length > 0);
    for (const own of summaries) {
      const q = Number(own.labels.quantile);
      if (![0.5, 0.9, 0.99].includes(q)) continue;
      const { quantile: _, ...key } = own.labels;
      const buckets = samples
        .filter((s) => s.name === `${own.name.replace(/_seconds$/, '_hist_seconds')}_bucket` && Object.entries(key).every(([k, v]) => s.labels[k] === v))
        .map((s) => ({ upperBound: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: s.value }));
      const promql = histogramQuantile(q, buckets);
      const error = Math.abs(promql - own.value) / own.value;
      worst = Math.max(worst, error);
      assert.ok(error <= 0.05, `${own.name}${JSON.stringify(key)} q=${q}: histogram_quantile ${promql} s against the run's ${own.value} s (${(error * 100).toFixed(1)}%)`);
    }
  }
  assert.ok(worst > 0, 'the comparison compared something');
});

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
if (!promtool) console.log('skipping the promtool check: promtool is missing (apt-get install -y prometheus)');
(promtool ? om : om.skip)('promtool check metrics accepts the exposition (names, units, types, histograms)', () => {
  for (const events of [runEvents(), lognormalRun(4, 200), []]) {
    const text = renderOpenMetrics(foldEvents(events, events.length === 0 ? { thresholds: {} } : {}));
    const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 30_000 });
    assert.is(`${r.stdout}${r.stderr}`.trim(), '', 'no lint findings');
    assert.is(r.status, 0);
  }
});
(promtool ? om : om.skip)('Prometheus itself (promtool test rules) puts histogram_quantile within 5% of the run\'s p50, p90 and p99', () => {
  const { samples } = parse(renderOpenMetrics(foldEvents(lognormalRun(5, 1000))));
  const wanted = samples.filter((s) => /^replbench_(replication_lag|pull_duration)_(hist_seconds_bucket|seconds)$/.test(s.name));
  const series = wanted.map((s) => {
    const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',');
    return `      - series: '${s.name}{${labels}}'\n        values: '${s.value === Infinity ? '+Inf' : s.value}'`;
  });
  const tests: string[] = [];
  const keys = [
    ['replication_lag', 'region="westeurope"'],
    ['replication_lag', 'region="japaneast"'],
    ['pull_duration', 'endpoint="eastus",worker="eastus"'],
    ['pull_duration', 'endpoint="westeurope",worker="eastus"'],
  ] as const;
  for (const [metric, sel] of keys) {
    for (const q of ['0.5', '0.9', '0.99']) {
      const promql = `histogram_quantile(${q}, sum by (le) (replbench_${metric}_hist_seconds_bucket{${sel}}))`;
      const own = `replbench_${metric}_seconds{${sel},quantile="${q}"}`;
      tests.push(`      - expr: 'abs(${promql} / on() ${own} - 1) < bool 0.05'\n        eval_time: 0\n        exp_samples:\n          - labels: '{}'\n            value: 1`);
    }
  }
  const file = `rule_files: []\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n${series.join('\n')}\n    promql_expr_test:\n${tests.join('\n')}\n`;
  const dir = mkdtempSync(join(tmpdir(), 'replbench-promtool-'));
  try {
    writeFileSync(join(dir, 'quantiles.test.yml'), file);
    const r = spawnSync('promtool', ['test', 'rules', 'quantiles.test.yml'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.is(r.status, 0, `${r.stdout}${r.stderr}`.slice(0, 2000));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
om.run();

/** A run with `n` lognormal lags (median 400 ms, σ 0.8) per replica and pulls of 5–900 ms. */
function lognormalRun(seed: number, n: number): ReplEvent[] {
  const random = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const events: ReplEvent[] = [START];
  for (let i = 0; i < n; i++) {
    for (const region of ['westeurope', 'japaneast']) {
      const valueUs = Math.round(400_000 * Math.exp(0.8 * normal()));
      events.push({ type: 'replication', t: 1_000_000 + i * 1000, outcome: 'replicated', labels: { region, image: `img-${i}`, digest: `sha256:${i}` }, valueUs, uncertaintyUs: 5000, probes: 8 });
    }
    for (const endpoint of ['eastus', 'westeurope']) {
      const durationUs = Math.round((endpoint === 'eastus' ? 5000 : 300_000) * Math.exp(0.5 * normal()));
      events.push({ type: 'pull', t: 2_000_000 + i * 1000, labels: { worker: 'eastus', endpoint, image: `img-${i}`, phase: 'cold' }, durationUs, ttfbUs: Math.round(durationUs / 3), bytes: 1000 });
    }
  }
  return events;
}
const pulls = suite('renderOpenMetrics: pull outcomes');
pulls('replbench_pulls: one gauge per worker × endpoint × outcome', () => {
  const text = renderOpenMetrics(foldEvents(runEvents()));
  assert.match(text, /# TYPE replbench_pulls gauge\n/);
  assert.match(text, /\nreplbench_pulls\{scenario="smoke",endpoint="japaneast",worker="eastus",outcome="timeout"\} 1\n/);
  assert.match(text, /\nreplbench_pulls\{scenario="smoke",endpoint="japaneast",worker="eastus",outcome="ok"\} 10\n/);
  assert.match(text, /\nreplbench_pulls\{scenario="smoke",endpoint="westeurope",worker="westeurope",outcome="digest-mismatch"\} 0\n/);
});
pulls.run();
