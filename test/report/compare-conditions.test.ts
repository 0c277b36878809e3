import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareReports, explainedIncreases } from '../../src/report/compare.ts';
import { compareConditions, conditionsOf, explains, type RunConditions } from '../../src/report/compare-conditions.ts';
import { DEFAULT_COMPARE_OPTIONS } from '../../src/report/compare-options.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { syntheticRun } from './synthetic-run.ts';

const quiet: RunConditions = { intervals: 60, cpus: 2, load1Mean: 0.3, load1Max: 0.5, busyPctMean: 30, othersBusyPctMean: 5, stealPctMean: 0.5, stealPctMax: 1, runnerLoopDelayP99Ms: 3, runnerCpuMeanPct: 50, saturation: 0 };

const of = suite('conditionsOf');
of('machine-load records: means, maxima, and the CPU others used (busy less replbench\'s own share)', () => {
  const events = syntheticRun({ seed: 1, images: 20, machine: { load1: 1.5, cpus: 2, busyPct: 80, stealPct: 4 } });
  const report = { health: { processes: { runner: { intervals: 1, loopDelayP50Ms: 1, loopDelayP99Ms: 4, loopDelayMaxMs: 5, busyMeanPct: 20, busyMaxPct: 30, cpuMeanPct: 40 } }, probeLateness: {}, saturation: [] } };
  const c = conditionsOf(events, report);
  assert.ok(c.intervals > 0);
  assert.equal({ ...c, intervals: 0 }, { intervals: 0, cpus: 2, load1Mean: 1.5, load1Max: 1.5, busyPctMean: 80, othersBusyPctMean: 60, stealPctMean: 4, stealPctMax: 4, runnerLoopDelayP99Ms: 4, runnerCpuMeanPct: 40, saturation: 0 });
  assert.equal(conditionsOf(syntheticRun({ seed: 1, images: 5 }), {}), { intervals: 0, saturation: 0 });
});
of.run();

const cmp = suite('compareConditions');
cmp('comparable runs: no difference', () => {
  assert.equal(compareConditions(quiet, { ...quiet, load1Mean: 0.6, othersBusyPctMean: 15, stealPctMean: 3 }).differences, []);
});
cmp('each limit crossed names the worse run', () => {
  const busy = compareConditions(quiet, { ...quiet, othersBusyPctMean: 55 }).differences;
  assert.equal(busy.map((d) => d.worse), ['candidate']);
  assert.match(busy[0]?.text ?? '', /other processes: 5% \(baseline\) vs 55% \(candidate\)/);
  assert.equal(compareConditions({ ...quiet, stealPctMean: 12 }, quiet).differences.map((d) => d.worse), ['baseline']);
  assert.equal(compareConditions(quiet, { ...quiet, load1Mean: 1.8 }).differences.map((d) => d.worse), ['candidate']);
  assert.equal(compareConditions(quiet, { ...quiet, runnerLoopDelayP99Ms: 35 }).differences.map((d) => d.worse), ['candidate']);
  assert.equal(compareConditions(quiet, { ...quiet, saturation: 2 }).differences.map((d) => d.worse), ['candidate']);
  assert.equal(compareConditions(quiet, { ...quiet, cpus: 8, load1Mean: 1.2 }).differences.map((d) => d.worse), ['baseline']);
});
cmp('runs without machine-load records compare only what both have', () => {
  assert.equal(compareConditions({ intervals: 0, saturation: 0 }, quiet).differences, []);
});
cmp.run();

const expl = suite('explains');
expl('a worse candidate explains an increase, a worse baseline a decrease', () => {
  const c = compareConditions(quiet, { ...quiet, othersBusyPctMean: 55 });
  assert.is(explains(c, true), true);
  assert.is(explains(c, false), false);
  assert.is(explains(undefined, true), false);
});
expl.run();

const verdicts = suite('compareReports with conditions');
const pushVerdicts = (c: ReturnType<typeof compareReports>): string[] =>
  (c.series.find((s) => s.metric === 'push_duration')?.percentiles ?? []).map((p) => p.verdict).filter((v) => v !== 'insufficient');
const base = foldEvents(syntheticRun({ seed: 1, images: 200 }));
const slow = foldEvents(syntheticRun({ seed: 2, images: 200, pushMedianMs: 110 }));
verdicts('a slower push on a busier candidate machine is "conditions-differ", not a regression; on equal machines it is a regression', () => {
  const busier = compareConditions(quiet, { ...quiet, othersBusyPctMean: 60, load1Mean: 1.9 });
  const explained = compareReports(base, slow, DEFAULT_COMPARE_OPTIONS, {}, busier);
  assert.equal(pushVerdicts(explained), ['conditions-differ', 'conditions-differ'], 'p50 and p90 (p99 needs more samples)');
  assert.is(explained.regressions, 0);
  assert.ok(explained.conditionsDiffer >= 1);
  assert.is(explainedIncreases(explained), explained.conditionsDiffer);
  const reverse = compareReports(slow, base, DEFAULT_COMPARE_OPTIONS, {}, compareConditions({ ...quiet, othersBusyPctMean: 60, load1Mean: 1.9 }, quiet));
  assert.ok(reverse.conditionsDiffer >= 2 && explainedIncreases(reverse) === 0, 'a faster candidate on a quieter machine: explained decreases only');
  assert.ok(explained.warnings.some((w) => /^conditions differ: CPU used by other processes/.test(w)));
  const plain = compareReports(base, slow, DEFAULT_COMPARE_OPTIONS, {}, compareConditions(quiet, quiet));
  assert.equal(pushVerdicts(plain), ['regression', 'regression']);
  assert.is(plain.conditionsDiffer, 0);
});
verdicts('a busier baseline does not excuse a slower candidate', () => {
  const c = compareReports(base, slow, DEFAULT_COMPARE_OPTIONS, {}, compareConditions({ ...quiet, othersBusyPctMean: 70 }, quiet));
  assert.equal(pushVerdicts(c), ['regression', 'regression']);
});
verdicts.run();
