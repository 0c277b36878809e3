import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { BUCKET_BOUNDS_MS, escapeLabelValue, formatFloat, renderOpenMetrics } from '../../src/report/openmetrics.ts';
import { runEvents } from './fixtures.ts';

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
  assert.is(types.get('replbench_replication_lag_ms'), 'summary');
  assert.is(types.get('replbench_replication_lag_hist_ms'), 'histogram');
});
om('summary quantiles and histogram buckets agree with the run', () => {
  const { samples } = parse(renderOpenMetrics(foldEvents(runEvents())));
  const find = (name: string, labels: Record<string, string>): number | undefined =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
  assert.ok(Math.abs((find('replbench_replication_lag_ms', { region: 'westeurope', quantile: '0.99' }) ?? 0) - 99) < 0.2);
  assert.is(find('replbench_replication_lag_ms_count', { region: 'japaneast' }), 98);
  const buckets = samples.filter((s) => s.name === 'replbench_replication_lag_hist_ms_bucket' && s.labels.region === 'westeurope');
  assert.is(buckets.length, BUCKET_BOUNDS_MS.length + 1);
  assert.equal(buckets.at(-1)?.labels.le, '+Inf');
  assert.is(buckets.at(-1)?.value, 100);
  for (let i = 1; i < buckets.length; i++) assert.ok((buckets[i]?.value ?? 0) >= (buckets[i - 1]?.value ?? 0), 'cumulative');
  assert.is(find('replbench_replication_lag_hist_ms_bucket', { region: 'westeurope', le: '50.0' }), 50);
  assert.is(find('replbench_replication_artifacts', { region: 'japaneast', outcome: 'timed-out' }), 1);
  assert.is(find('replbench_network_close_gain_ratio', { worker: 'eastus' }), 8.998);
  assert.is(find('replbench_threshold_passed', { series: 'region=japaneast' }), 0);
  assert.is(find('replbench_run_complete', {}), 1);
  assert.is(find('replbench_run_info', { run_id: '20240101T000000Z-smoke' }), 1);
});
om('an empty run still ends with # EOF and names the run', () => {
  const text = renderOpenMetrics(foldEvents([], { thresholds: {} }));
  const { samples } = parse(text);
  assert.equal(samples.map((s) => s.name), ['replbench_run_complete', 'replbench_run_info', 'replbench_run_start_timestamp_seconds']);
});
om.run();

const pulls = suite('renderOpenMetrics: pull outcomes');
pulls('replbench_pulls: one gauge per worker × endpoint × outcome', () => {
  const text = renderOpenMetrics(foldEvents(runEvents()));
  assert.match(text, /# TYPE replbench_pulls gauge\n/);
  assert.match(text, /\nreplbench_pulls\{scenario="smoke",endpoint="japaneast",worker="eastus",outcome="timeout"\} 1\n/);
  assert.match(text, /\nreplbench_pulls\{scenario="smoke",endpoint="japaneast",worker="eastus",outcome="ok"\} 10\n/);
  assert.match(text, /\nreplbench_pulls\{scenario="smoke",endpoint="westeurope",worker="westeurope",outcome="digest-mismatch"\} 0\n/);
});
pulls.run();
