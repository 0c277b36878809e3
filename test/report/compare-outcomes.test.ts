import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareOutcomes, comparePullOutcomes } from '../../src/report/compare-outcomes.ts';
import { DEFAULT_COMPARE_OPTIONS } from '../../src/report/compare-options.ts';
import type { OutcomeCounts, Report } from '../../src/report/report.ts';

function withOutcomes(outcomes: Record<string, Partial<OutcomeCounts>>): Report {
  const full: Record<string, OutcomeCounts> = {};
  for (const [region, c] of Object.entries(outcomes)) full[region] = { replicated: 0, timedOut: 0, errored: 0, inconsistent: 0, probes: 0, ...c };
  return { outcomes: full } as unknown as Report;
}

const cmp = suite('compareOutcomes');
cmp('a significant drop of the replicated share beyond the tolerance is a regression', () => {
  const out = compareOutcomes(
    withOutcomes({ westeurope: { replicated: 200 }, japaneast: { replicated: 200 } }),
    withOutcomes({ westeurope: { replicated: 180, timedOut: 20 }, japaneast: { replicated: 199, errored: 1 } }),
    DEFAULT_COMPARE_OPTIONS,
  );
  assert.equal(out.map((o) => [o.region, o.verdict]), [['japaneast', 'unchanged'], ['westeurope', 'regression']]);
  assert.equal(out[1]?.candidate, { replicated: 180, total: 200 });
  assert.is(out[1]?.delta, -0.1);
  assert.ok((out[1]?.z ?? 0) > 2.33);
});
cmp('a rise is an improvement; a region missing or empty in one run is left out', () => {
  const out = compareOutcomes(
    withOutcomes({ a: { replicated: 150, timedOut: 50 }, b: { replicated: 10 }, c: {} }),
    withOutcomes({ a: { replicated: 200 }, c: { replicated: 5 } }),
    DEFAULT_COMPARE_OPTIONS,
  );
  assert.equal(out.map((o) => [o.region, o.verdict]), [['a', 'improvement']]);
});
cmp.run();

const pulls = suite('comparePullOutcomes');
const withPulls = (series: Record<string, Record<string, number>>): Report =>
  ({ pullOutcomes: Object.fromEntries(Object.entries(series).map(([k, counts]) => [k, { labels: {}, counts: { ok: 0, 'digest-mismatch': 0, error: 0, timeout: 0, throttled: 0, ...counts } }])) }) as unknown as Report;
pulls('a rise in failed pulls per worker × endpoint is a regression; series in one run only are left out', () => {
  const out = comparePullOutcomes(
    withPulls({ 'endpoint=b,worker=a': { ok: 60 }, 'endpoint=a,worker=a': { ok: 60 }, 'endpoint=c,worker=a': { ok: 5 } }),
    withPulls({ 'endpoint=b,worker=a': { ok: 45, 'digest-mismatch': 15 }, 'endpoint=a,worker=a': { ok: 60 } }),
    DEFAULT_COMPARE_OPTIONS,
  );
  assert.equal(out.map((o) => [o.series, o.verdict]), [['endpoint=a,worker=a', 'unchanged'], ['endpoint=b,worker=a', 'regression']]);
  assert.equal(out[1]?.candidate, { ok: 45, total: 60 });
  assert.is(out[1]?.delta, -0.25);
});
pulls.run();
