import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  checkOrigin,
  checkPullLists,
  checkReplication,
  checkReportFormats,
  checkThresholdLabels,
  checkWorkload,
} from '../../src/scenario/checks.ts';
import { parseThresholds } from '../../src/scenario/thresholds.ts';
import type { ResolvedPull } from '../../src/scenario/resolved.ts';
import type { ScenarioParsed } from '../../src/scenario/schema.ts';
import { fail, failure } from './recording-fail.ts';


const workload = (w: Partial<ScenarioParsed['workload']>): ScenarioParsed['workload'] => ({
  images: 2, repository: 'r/{i}', tag: 'v1', layers: 2, layerSize: '1MiB', baseLayers: 0, pushConcurrency: 1,
  uploadMode: 'monolithic', seed: 1, ...w,
});
const replication = (r: Partial<ScenarioParsed['replication']>): ScenarioParsed['replication'] => ({
  probe: 'manifest', schedule: 'adaptive', interval: 100, timeout: 1000, watchFrom: 'coordinator', ...r,
});
const pull = (p: Partial<ScenarioParsed['pull']>): ScenarioParsed['pull'] => ({
  workers: 'all', endpoints: 'all', iterations: 1, concurrency: 1, phases: ['cold', 'warm'], ...p,
});

const origin = suite('checkOrigin');
origin('declared and writable', () => {
  assert.is(failure(() => checkOrigin('a', ['a'], undefined, fail)), undefined);
  assert.is(failure(() => checkOrigin('z', ['a'], undefined, fail))?.at, 'origin');
  const ro = [{ name: 'a', mode: 'ReadOnly' as const }];
  assert.match(failure(() => checkOrigin('a', ['a'], ro, fail))?.message ?? '', /which is ReadOnly/);
});
origin.run();

const work = suite('checkWorkload');
work('base layers, chunk size, one tag for many images', () => {
  assert.is(failure(() => checkWorkload(workload({}), fail)), undefined);
  assert.is(failure(() => checkWorkload(workload({ baseLayers: 3 }), fail))?.at, 'workload.baseLayers');
  assert.is(failure(() => checkWorkload(workload({ chunkSize: 1024 }), fail))?.at, 'workload.chunkSize');
  assert.is(failure(() => checkWorkload(workload({ chunkSize: 1024, uploadMode: 'chunked' }), fail)), undefined);
  assert.is(failure(() => checkWorkload(workload({ repository: 'r/x' }), fail))?.at, 'workload.repository');
  assert.is(failure(() => checkWorkload(workload({ repository: 'r/x', images: 1 }), fail)), undefined);
});
work.run();

const repl = suite('checkReplication');
repl('timeout beyond the interval; a fixed schedule within the probe cap', () => {
  assert.is(failure(() => checkReplication(replication({}), fail)), undefined);
  assert.equal(failure(() => checkReplication(replication({ interval: 1000, timeout: 500 }), fail)), {
    at: 'replication.timeout',
    message: 'expected a timeout longer than the probe interval (1s), found 500ms',
  });
  assert.is(failure(() => checkReplication(replication({ schedule: 'fixed', maxProbeRatePerRegion: 5 }), fail))?.at, 'replication.maxProbeRatePerRegion');
  assert.is(failure(() => checkReplication(replication({ schedule: 'fixed', maxProbeRatePerRegion: 10 }), fail)), undefined);
});
repl.run();

const pulls = suite('checkPullLists');
pulls('regions, duplicates, phase order', () => {
  assert.is(failure(() => checkPullLists(pull({ workers: ['a'], endpoints: ['b'] }), ['a', 'b'], fail)), undefined);
  assert.is(failure(() => checkPullLists(pull({ workers: ['c'] }), ['a', 'b'], fail))?.at, 'pull.workers.0');
  assert.is(failure(() => checkPullLists(pull({ endpoints: ['b', 'b'] }), ['a', 'b'], fail))?.at, 'pull.endpoints.1');
  assert.is(failure(() => checkPullLists(pull({ phases: ['warm', 'cold'] }), ['a'], fail))?.at, 'pull.phases.1');
});
pulls.run();

const labels = suite('checkThresholdLabels');
labels('selectors must select something', () => {
  const p: ResolvedPull = {
    workers: ['a'], endpointsMode: 'local', pairs: [{ worker: 'a', endpoint: 'a' }], images: null, iterations: 1, concurrency: 1, phases: ['cold'],
  };
  const ctx = { regions: ['a', 'b'], origin: 'a', pull: p };
  const check = (key: string, expr: string) => failure(() => checkThresholdLabels(key, parseThresholds({ [key]: [expr] }), ctx, fail));
  assert.is(check('replication_lag{region:b}', 'p(99)<1s'), undefined);
  assert.is(check('pull_duration{worker:a,endpoint:a}', 'p(99)<1s'), undefined);
  assert.equal(check('replication_lag{region:c}', 'p(99)<1s'), { at: 'thresholds["replication_lag{region:c}"]', message: 'region: expected one of the regions (a, b), found "c"' });
  assert.match(check('replication_lag{region:a}', 'p(99)<1s')?.message ?? '', /origin is not watched/);
  assert.match(check('pull_ttfb{worker:b}', 'p(99)<1s')?.message ?? '', /^worker: expected one of the pull workers \(a\)/);
  assert.match(check('pull_ttfb{endpoint:b}', 'p(99)<1s')?.message ?? '', /^endpoint: expected an endpoint of the pull matrix/);
  assert.is(check('pull_redirect{storage:b,endpoint:a}', 'p(95)<100ms'), undefined);
  assert.is(check('pull_redirect{storage:unknown}', 'max<1s'), undefined, 'a storage host placed in no region');
  assert.match(check('pull_redirect{storage:c}', 'max<1s')?.message ?? '', /^storage: expected one of the regions \(a, b\)/);
});
labels.run();

const formats = suite('checkReportFormats');
formats('no duplicates', () => {
  assert.is(failure(() => checkReportFormats(['json', 'md'], fail)), undefined);
  assert.is(failure(() => checkReportFormats(['md', 'md'], fail))?.at, 'report.formats.1');
});
formats.run();
