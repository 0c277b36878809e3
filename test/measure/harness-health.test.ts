import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { performance } from 'node:perf_hooks';
import { HealthMonitor, loopDelayHistogram, type HealthInterval } from '../../src/measure/harness-health.ts';
import { decodeHistogram } from '../../src/stats/histogram-factory.ts';

const rebuild = suite('loopDelayHistogram');
rebuild('each percentile step gets its share of the count, less the 10 ms resolution, in µs', () => {
  const percentiles = new Map([[0, 10_100_000], [50, 10_100_000], [75, 10_500_000], [100, 60_000_000]]);
  const h = loopDelayHistogram({ count: 8, percentiles });
  assert.is(h.totalCount, 8);
  assert.ok(Math.abs(h.getValueAtPercentile(50) - 100) <= 1, String(h.getValueAtPercentile(50)));
  assert.ok(Math.abs(h.maxValue - 50_000) <= 50, String(h.maxValue));
  assert.is(loopDelayHistogram({ count: 0, percentiles: new Map() }).totalCount, 0);
});
rebuild.run();

const monitor = suite('HealthMonitor');
monitor('stop() emits the interval: a 60 ms block shows as loop delay, probe lateness per region, CPU time', async () => {
  const intervals: HealthInterval[] = [];
  const m = new HealthMonitor({ now: () => performance.now(), intervalMs: 60_000, onInterval: (i) => intervals.push(i) });
  m.probeLateness('ignored', [1]); // before start: not counted
  m.start();
  await new Promise((r) => setTimeout(r, 50));
  // Block the loop for 60 ms of this process's CPU (wall time alone is not CPU on a shared machine).
  const cpuAtStart = process.cpuUsage();
  while (process.cpuUsage(cpuAtStart).user + process.cpuUsage(cpuAtStart).system < 60_000);
  await new Promise((r) => setTimeout(r, 30));
  m.probeLateness('westeurope', [0, 2.5, 4]);
  m.stop();
  m.stop();
  assert.is(intervals.length, 1);
  const i = intervals[0] as HealthInterval;
  assert.ok(i.lengthMs >= 130, String(i.lengthMs));
  assert.ok(i.loopDelayMaxUs >= 40_000, `max ${i.loopDelayMaxUs} µs`);
  assert.ok(decodeHistogram(i.loopDelay).maxValue >= 40_000);
  assert.ok(i.cpuUs >= 50_000, `cpu ${i.cpuUs} µs`);
  assert.ok(i.busyUs >= 50_000 && i.busyUs <= i.lengthMs * 1000, `busy ${i.busyUs} µs`);
  assert.equal(Object.keys(i.probeLateness), ['westeurope']);
  const late = decodeHistogram(i.probeLateness['westeurope'] as string);
  assert.is(late.totalCount, 3);
  assert.ok(Math.abs(late.maxValue - 4000) <= 4);
});
monitor.run();
