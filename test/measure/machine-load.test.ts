import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadBetween, MachineLoadSampler, parseProcStat } from '../../src/measure/machine-load.ts';

const STAT_A = 'cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 50 0 25 400 25 0 0 0 0 0\nintr 1\n';
const STAT_B = 'cpu  200 0 100 900 50 0 0 150 0 0\ncpu0 1 1 1 1\n';

const parse = suite('parseProcStat');
parse('reads the aggregate cpu line: idle includes iowait, steal apart', () => {
  assert.equal(parseProcStat(STAT_A), { total: 1000, idle: 850, steal: 0 });
  assert.equal(parseProcStat(STAT_B), { total: 1400, idle: 950, steal: 150 });
  assert.is(parseProcStat('intr 1\n'), undefined);
  assert.is(parseProcStat('cpu  a b c d\n'), undefined);
});
parse.run();

const between = suite('loadBetween');
between('busy and stolen shares of the ticks that passed', () => {
  // 400 ticks: 100 idle, 150 steal, 150 busy.
  assert.equal(loadBetween(parseProcStat(STAT_A)!, parseProcStat(STAT_B)!), { busyPct: 37.5, stealPct: 37.5 });
  assert.is(loadBetween(parseProcStat(STAT_A)!, parseProcStat(STAT_A)!), undefined);
});
between.run();

const sampler = suite('MachineLoadSampler');
sampler('each sample covers the time since the previous reading; without /proc/stat, the load average alone', () => {
  const texts = [STAT_A, STAT_B];
  const s = new MachineLoadSampler({ readProcStat: () => texts.shift(), loadavg: () => [1.234, 1, 1], cpus: 2 });
  assert.equal(s.sample(), { load1: 1.23, cpus: 2, busyPct: 37.5, stealPct: 37.5 });
  assert.equal(s.sample(), { load1: 1.23, cpus: 2 });
  const none = new MachineLoadSampler({ readProcStat: () => undefined, loadavg: () => [0.5], cpus: 4 });
  assert.equal(none.sample(), { load1: 0.5, cpus: 4 });
});
sampler('on this machine: shares between 0 and 100 when /proc/stat exists', () => {
  const s = new MachineLoadSampler();
  let x = 0;
  for (let i = 0; i < 2e6; i++) x += Math.sqrt(i);
  const m = s.sample();
  assert.ok(x > 0 && m.load1 >= 0 && m.cpus >= 1);
  if (m.busyPct !== undefined) assert.ok(m.busyPct >= 0 && m.busyPct <= 100 && (m.stealPct ?? 0) >= 0 && (m.stealPct ?? 0) <= 100, JSON.stringify(m));
});
sampler.run();
