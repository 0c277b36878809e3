import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { estimateFalseAlarms, wilson, type AaRun } from '../../src/report/compare-aa.ts';
import { conditionsOf } from '../../src/report/compare-conditions.ts';
import { DEFAULT_COMPARE_OPTIONS } from '../../src/report/compare-options.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { syntheticRun, type SyntheticRunOptions } from './synthetic-run.ts';

const run = (o: SyntheticRunOptions, day: number): AaRun => {
  const events = syntheticRun({ images: 80, runId: `run-${day}`, startedAt: `2024-03-0${day}T00:00:00.000Z`, ...o });
  const report = foldEvents(events);
  return { dir: `/r/run-${day}`, report, conditions: conditionsOf(events, report) };
};
const options = { ...DEFAULT_COMPARE_OPTIONS, resamples: 400 };

const aa = suite('estimateFalseAlarms');
aa('four runs of one configuration: six pairs, the older as baseline, no false alarm', () => {
  const runs = [4, 2, 3, 1].map((d) => run({ seed: d }, d));
  const e = estimateFalseAlarms(runs, options);
  assert.equal(e.runs.map((r) => r.runId), ['run-1', 'run-2', 'run-3', 'run-4']);
  assert.is(e.pairs.length, 6);
  assert.equal(e.pairs.map((p) => `${p.baseline}>${p.candidate}`).slice(0, 3), ['run-1>run-2', 'run-1>run-3', 'run-1>run-4']);
  assert.is(e.falseAlarms, 0);
  assert.is(e.falseAlarmRate, 0);
  assert.is(e.nominalRate, 0.01);
  assert.ok(e.noise.length > 0 && e.noise.every((n) => n.pairsTested > 0 && n.pairsTested <= 6 && n.pairsFlagged === 0));
  assert.ok((e.observedNoise.push_duration ?? 0) > 0 && (e.observedNoise.push_duration ?? 1) < 0.25, JSON.stringify(e.observedNoise));
});
aa('a noisy runner (one run\'s pushes three times slower) shows as false alarms and as noise above the tolerance', () => {
  const runs = [run({ seed: 1 }, 1), run({ seed: 2, pushMedianMs: 120 }, 2), run({ seed: 3 }, 3)];
  const e = estimateFalseAlarms(runs, options);
  assert.is(e.falseAlarms, 2, 'the pairs with the slow run');
  assert.is(e.falseAlarmRate, 0.6667);
  assert.ok((e.observedNoise.push_duration ?? 0) > 1);
  const flagged = e.noise.find((n) => n.metric === 'push_duration' && n.percentile === 50);
  assert.is(flagged?.pairsFlagged, 2);
});
aa('the conditions guard: the slow run logged a busy machine, so its pairs are caught, not false alarms', () => {
  const quiet = { load1: 0.2, cpus: 2, busyPct: 20 };
  const runs = [run({ seed: 1, machine: quiet }, 1), run({ seed: 2, pushMedianMs: 120, machine: { load1: 2.5, cpus: 2, busyPct: 95 } }, 2), run({ seed: 3, machine: quiet }, 3)];
  const e = estimateFalseAlarms(runs, options);
  // run-1 → run-2 is caught (the candidate was busier); run-2 → run-3 is an improvement on a quieter candidate: explained too.
  assert.is(e.caughtByConditions, 2);
  assert.is(e.falseAlarms, 0);
});
aa('fewer than three runs, or runs of different scenarios: usage errors', () => {
  assert.throws(() => estimateFalseAlarms([run({ seed: 1 }, 1), run({ seed: 2 }, 2)], options), /at least 3 run directories/);
  assert.throws(() => estimateFalseAlarms([run({ seed: 1 }, 1), run({ seed: 2 }, 2), run({ seed: 3, scenario: 'other' }, 3)], options), /scenarios "nightly", "other"/);
});
aa.run();

const w = suite('wilson');
w('the 95% score interval', () => {
  assert.equal(wilson(0, 10), { low: 0, high: 0.2775 });
  assert.equal(wilson(5, 10), { low: 0.2366, high: 0.7634 });
  assert.equal(wilson(0, 0), { low: 0, high: 1 });
});
w.run();
