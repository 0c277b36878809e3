import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ADAPTIVE_DEFAULTS } from '../../src/measure/probe-schedule.ts';
import {
  PULL_DEFAULTS,
  PULL_PHASES,
  REPLICATION_DEFAULTS,
  REPORT_DEFAULTS,
  REPORT_FORMATS,
  WORKLOAD_DEFAULTS,
} from '../../src/scenario/defaults.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { parseDurationMs } from '../../src/units.ts';
import { labScenario } from './fixtures.ts';

const defaults = suite('defaults');

defaults('are what an empty section resolves to', () => {
  const s = resolveScenario(labScenario());
  assert.is(s.workload.images, WORKLOAD_DEFAULTS.images);
  assert.is(s.workload.repository, WORKLOAD_DEFAULTS.repository);
  assert.is(s.workload.pushConcurrency, WORKLOAD_DEFAULTS.pushConcurrency);
  assert.is(s.replication.timeoutMs, parseDurationMs(REPLICATION_DEFAULTS.timeout));
  assert.is(s.replication.intervalMs, parseDurationMs(REPLICATION_DEFAULTS.interval.adaptive));
  assert.is(s.pull.iterations, PULL_DEFAULTS.iterations);
  assert.equal(s.pull.phases, [...PULL_DEFAULTS.phases]);
  assert.equal(s.report.formats, [...REPORT_DEFAULTS.formats]);
});

defaults('are themselves valid: a consistent default scenario', () => {
  assert.ok(parseDurationMs(REPLICATION_DEFAULTS.timeout) > parseDurationMs(REPLICATION_DEFAULTS.interval.fixed));
  // The adaptive default floor is the one the schedule's accuracy goal was derived for.
  assert.is(parseDurationMs(REPLICATION_DEFAULTS.interval.adaptive), ADAPTIVE_DEFAULTS.floorMs);
  assert.ok(WORKLOAD_DEFAULTS.baseLayers <= WORKLOAD_DEFAULTS.layers);
  assert.ok(WORKLOAD_DEFAULTS.repository.includes('{i}'));
  for (const f of REPORT_DEFAULTS.formats) assert.ok((REPORT_FORMATS as readonly string[]).includes(f));
  assert.equal([...PULL_DEFAULTS.phases], [...PULL_PHASES]);
});

defaults.run();
