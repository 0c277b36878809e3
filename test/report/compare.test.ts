import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareReports, runInfo, typicalUncertaintyMs } from '../../src/report/compare.ts';
import { DEFAULT_COMPARE_OPTIONS } from '../../src/report/compare-options.ts';
import { foldEvents } from '../../src/report/fold.ts';
import type { ReplEvent } from '../../src/events/index.ts';
import { syntheticRun } from './synthetic-run.ts';

const options = DEFAULT_COMPARE_OPTIONS;
const baseline = foldEvents(syntheticRun({ seed: 1 }));

function lagRow(c: ReturnType<typeof compareReports>, region: string, percentile: number) {
  return c.series.find((s) => s.metric === 'replication_lag' && s.key === `region=${region}`)?.percentiles.find((p) => p.percentile === percentile);
}

const cmp = suite('compareReports');
cmp('flags a lab run whose lognormal lag median is doubled (baseline median 400 ms)', () => {
  const candidate = foldEvents(syntheticRun({ seed: 2, lagMedianMs: 800, lagP99Ms: 4000 }));
  const c = compareReports(baseline, candidate, options);
  for (const region of ['westeurope', 'japaneast']) {
    const p50 = lagRow(c, region, 50);
    assert.is(p50?.verdict, 'regression', `${region} p50`);
    assert.ok((p50?.ratio ?? 0) > 0.6 && (p50?.ratio ?? 0) < 1.6, `${region} p50 change ${p50?.ratio}`);
    assert.ok((p50?.ciMs?.low ?? 0) > 0);
    assert.ok((p50?.pAdjusted ?? 1) <= 0.01);
    assert.is(lagRow(c, region, 99)?.verdict, 'insufficient', 'p99 needs 500 samples');
  }
  assert.ok(c.regressions >= 2);
  const others = c.series.filter((s) => s.metric !== 'replication_lag').flatMap((s) => s.percentiles);
  assert.ok(others.every((p) => p.verdict !== 'regression'), 'pulls and pushes did not change');
});
cmp('does not flag two runs of the same configuration with different seeds', () => {
  for (const [a, b] of [[1, 2], [3, 4]] as const) {
    const c = compareReports(a === 1 ? baseline : foldEvents(syntheticRun({ seed: a })), foldEvents(syntheticRun({ seed: b })), options);
    assert.is(c.regressions, 0, `seeds ${a} and ${b}`);
    assert.is(c.improvements, 0, `seeds ${a} and ${b}`);
    assert.ok(c.tests > 10);
  }
});
cmp('calls the mirror image an improvement', () => {
  const faster = foldEvents(syntheticRun({ seed: 2, lagMedianMs: 200, lagP99Ms: 1000 }));
  const c = compareReports(baseline, faster, options);
  assert.is(lagRow(c, 'westeurope', 50)?.verdict, 'improvement');
  assert.is(c.regressions, 0);
  assert.ok(c.improvements >= 2);
});
cmp('flags a drop of the replicated share in a region', () => {
  const lossy = foldEvents(syntheticRun({ seed: 2, timeoutsPerRegion: 20 }));
  const c = compareReports(baseline, lossy, options);
  const west = c.outcomes.find((o) => o.region === 'westeurope');
  assert.equal(west?.baseline, { replicated: 200, total: 200 });
  assert.equal(west?.candidate, { replicated: 180, total: 200 });
  assert.is(west?.verdict, 'regression');
  assert.ok(c.regressions >= 2);
});
cmp('is the same for the same inputs (seeded)', () => {
  const a = foldEvents(syntheticRun({ seed: 5, images: 60 }));
  const b = foldEvents(syntheticRun({ seed: 6, images: 60 }));
  assert.equal(compareReports(a, b, options), compareReports(a, b, options));
});
cmp('lists series found in one run only and warns about different scenarios and incomplete runs', () => {
  const other = syntheticRun({ seed: 7, images: 60, scenario: 'other' }).filter((e) => e.type !== 'run-end' && !(e.type === 'pull' && e.labels.worker === 'japaneast'));
  const c = compareReports(foldEvents(syntheticRun({ seed: 8, images: 60 })), foldEvents(other), options);
  assert.ok(c.onlyInBaseline.includes('pull_duration{endpoint=eastus,worker=japaneast}'));
  assert.equal(c.onlyInCandidate, []);
  assert.equal(c.warnings, ['the runs are of different scenarios: "nightly" and "other"', 'the candidate run is incomplete']);
});
cmp('never flags a lag change smaller than the two runs\' typical probe resolution', () => {
  const run = (shiftUs: number): ReplEvent[] => {
    const events = syntheticRun({ seed: 9, images: 100 });
    return events.map((e) => e.type === 'replication' && e.outcome === 'replicated' ? { ...e, valueUs: e.valueUs + shiftUs, uncertaintyUs: 200_000 } : e);
  };
  const c = compareReports(foldEvents(run(0)), foldEvents(run(150_000)), options);
  const p50 = lagRow(c, 'westeurope', 50);
  assert.ok((p50?.ratio ?? 0) > 0.3, 'beyond the 25% tolerance');
  assert.is(p50?.floorMs, 400, 'floor = both runs\' median ±');
  assert.is(p50?.verdict, 'unchanged');
});
cmp.run();

const info = suite('runInfo');
info('names the run and where it came from', () => {
  assert.equal(runInfo(baseline, '/r/1'), { runId: 'synthetic-1', scenario: 'nightly', startedAt: '2024-01-01T00:00:00.000Z', complete: true, source: '/r/1' });
  assert.is(runInfo(baseline).source, undefined);
});
info.run();

const typical = suite('typicalUncertaintyMs');
typical('is the median ± of the replicated artifacts in a region, 0 without any', () => {
  const r = foldEvents(syntheticRun({ seed: 1, images: 50 }));
  const us = r.artifacts.filter((a) => a.region === 'westeurope').map((a) => a.uncertaintyUs ?? 0).sort((a, b) => a - b);
  assert.is(typicalUncertaintyMs(r, 'westeurope'), (us[24] ?? 0) / 1000);
  assert.is(typicalUncertaintyMs(r, 'nowhere'), 0);
});
typical.run();

const warn = suite('compareReports warnings');
warn("warns when a region's probe resolution differs more than 3× between the runs", () => {
  const coarse = syntheticRun({ seed: 10, images: 60 }).map((e) =>
    e.type === 'replication' && e.outcome === 'replicated' && e.labels.region === 'japaneast' ? { ...e, uncertaintyUs: 300_000 } : e);
  const c = compareReports(foldEvents(syntheticRun({ seed: 11, images: 60 })), foldEvents(coarse), options);
  assert.is(c.warnings.length, 1);
  assert.match(c.warnings[0] ?? '', /^probe resolution in japaneast differs: median ± [\d.]+ ms \(baseline\) vs 300 ms \(candidate\)/);
});
warn.run();
