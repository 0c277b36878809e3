import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { healthMarkdown, healthOf, LOOP_DELAY_P99_LIMIT_MS, type Health } from '../../../src/report/sections/health.ts';
import type { HealthEvent, ReplEvent } from '../../../src/events/index.ts';
import { createHistogram, encodeHistogram } from '../../../src/stats/histogram-factory.ts';

const markdownOf = (h: Health | undefined): string => (h === undefined ? 'no health' : healthMarkdown(h));

const hist = (valuesUs: readonly number[]): string => {
  const h = createHistogram();
  for (const v of valuesUs) h.recordValue(v);
  return encodeHistogram(h);
};
const interval = (t: number, loopUs: readonly number[], cpuUs: number, lateness: Record<string, readonly number[]> = {}): HealthEvent => ({
  type: 'health', t, source: 'runner', lengthUs: 1_000_000, loopDelay: hist(loopUs), loopDelayMaxUs: Math.max(0, ...loopUs), cpuUs, busyUs: cpuUs / 2,
  probeLateness: Object.fromEntries(Object.entries(lateness).map(([r, v]) => [r, hist(v)])),
});

const fold = suite('healthOf');
fold('merges intervals per process and regions across intervals; a calm run has no saturation', () => {
  const h = healthOf([interval(0, [100, 200, 300], 400_000, { b: [10, 20] }), interval(1_000_000, [100, 200], 800_000, { b: [30], c: [1] })]);
  assert.ok(h !== undefined);
  assert.equal(Object.keys(h.processes), ['runner']);
  assert.is(h.processes['runner']?.intervals, 2);
  assert.is(h.processes['runner']?.cpuMeanPct, 60);
  assert.is(h.processes['runner']?.cpuMaxPct, 80);
  assert.is(h.processes['runner']?.busyMeanPct, 30);
  assert.is(h.processes['runner']?.busyMaxPct, 40);
  assert.equal(h.probeLateness['b'], { probes: 3, p50Ms: 0.02, p99Ms: 0.03, maxMs: 0.03 });
  assert.equal(h.saturation, []);
  assert.match(markdownOf(h), /The harness kept up/);
  assert.is(healthOf([]), undefined);
});
fold('names the process whose loop lagged and the region whose probes left late, with the figures', () => {
  const slow = Array.from({ length: 100 }, () => (LOOP_DELAY_P99_LIMIT_MS + 30) * 1000);
  const h = healthOf([interval(0, slow, 990_000, { westeurope: [1000, 40_000, 40_000] })]);
  assert.is(h?.saturation.length, 2);
  assert.match(h?.saturation[0] ?? '', /^runner: event-loop delay p99 50\.\d+ ms/);
  assert.match(h?.saturation[1] ?? '', /^replication_lag\{region:westeurope\}: probes left p99 40\.\d+ ms late/);
  assert.match(markdownOf(h), /Precision lost to a saturated harness/);
});
fold('a thread\'s records without process CPU show its loop only', () => {
  const { cpuUs: _cpu, ...lab } = { ...interval(0, [100], 500_000), source: 'lab' };
  const h = healthOf([lab]);
  assert.is(h?.processes['lab']?.cpuMeanPct, undefined);
  assert.is(h?.processes['lab']?.busyMeanPct, 25);
  assert.match(markdownOf(h), /\| lab \| 1 \| .* \| 25% \/ 25% \| – \|/);
});
fold('a lab thread whose own timers ran late is named with the figure', () => {
  const late = hist(Array.from({ length: 100 }, () => 9_000));
  const h = healthOf([{ ...interval(0, [100], 1000), source: 'lab', timerLateness: late }]);
  assert.ok(Math.abs((h?.processes['lab']?.timerLatenessP99Ms ?? 0) - 9) <= 0.01);
  assert.match(h?.saturation[0] ?? '', /^lab: its timers ran p99 9(\.01)? ms late/);
  const calm = healthOf([{ ...interval(0, [100], 1000), source: 'lab', timerLateness: hist([100, 200]) }]);
  assert.equal(calm?.saturation, []);
});
fold('the lab thread\'s clock check from run-start is shown', () => {
  const start: ReplEvent = {
    type: 'run-start', t: 0, logVersion: 1, runId: 'r', scenario: 's', origin: 'a', regions: ['a'], startedAt: '2027-01-15T08:00:00.000Z',
    labClock: { offsetUs: -6, uncertaintyUs: 39 }, environment: { replbenchVersion: '0', node: 'v20', platform: 'linux', cpus: 2 },
  };
  const h = healthOf([start, interval(0, [100], 1000)]);
  assert.equal(h?.labClock, { offsetUs: -6, uncertaintyUs: 39 });
  assert.match(markdownOf(h), /Lab thread clock against the run clock at start: -6 µs ± 39 µs/);
});
fold('a probe budget that held probes back is named as what set the resolution', () => {
  const rep = (region: string, probes: number, held?: { probes: number; waitUs: number }): ReplEvent => ({
    type: 'replication', t: 1, labels: { region, image: 'i', digest: 'd' }, outcome: 'replicated', valueUs: 1, uncertaintyUs: 1, probes,
    ...(held !== undefined ? { budgetHeld: held } : {}),
  });
  const h = healthOf([rep('b', 20, { probes: 10, waitUs: 120_000 }), rep('b', 10), rep('c', 5, { probes: 1, waitUs: 1000 })]);
  assert.equal(h?.budget, { b: { probes: 30, heldProbes: 10, meanWaitMs: 12 }, c: { probes: 5, heldProbes: 1, meanWaitMs: 1 } });
  assert.is(h?.saturation.length, 1);
  assert.match(h?.saturation[0] ?? '', /^replication_lag\{region:b\}: the probe budget held 10 of 30 probes back, 12 ms each/);
  assert.match(markdownOf(h), /held by the probe budget/);
  assert.is(healthOf([rep('b', 3)]), undefined);
});
fold.run();
