import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { checkLoadThresholdLabels, checkRemoteCoverage, resolveLoad, resolveWorkers, type ResolvedLoad } from '../../src/scenario/scale-out.ts';
import { configLine, labScenario, messageOf } from './fixtures.ts';

const fail = (path: readonly (string | number)[] | string, message: string): never => {
  throw new Error(`${typeof path === 'string' ? path : path.join('.')}: ${message}`);
};
const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
};

const workers = suite('resolveWorkers');

workers('defaults: in-process, every region expected, 30 s to join; remote with a list', () => {
  const s = resolveScenario(labScenario());
  assert.equal(s.workers, { mode: 'in-process', expect: ['a', 'b'], joinTimeoutMs: 30_000 });
  assert.is(s.replication.watchFrom, 'coordinator');
  assert.is(s.load, null);
  assert.equal(resolveWorkers({ mode: 'remote', expect: ['b'], joinTimeout: 5000 }, ['a', 'b'], fail), { mode: 'remote', expect: ['b'], joinTimeoutMs: 5000 });
  assert.match(failure(() => resolveWorkers({ mode: 'remote', expect: ['c'], joinTimeout: 1 }, ['a', 'b'], fail)), /^workers\.expect\.0: expected one of the regions/);
});

workers.run();

const load = suite('resolveLoad');

load('units converted, pairs expanded worker-major; flat out is rate null', () => {
  const s = resolveScenario(labScenario({ load: { kind: 'blob-get', rate: '200/s', connections: 4, duration: '10s', endpoints: 'all' } }));
  assert.equal(s.load, {
    kind: 'blob-get',
    ratePerSec: 200,
    connections: 4,
    durationMs: 10_000,
    workers: ['a', 'b'],
    endpointsMode: 'all',
    pairs: [{ worker: 'a', endpoint: 'a' }, { worker: 'a', endpoint: 'b' }, { worker: 'b', endpoint: 'a' }, { worker: 'b', endpoint: 'b' }],
  });
  const flat = resolveScenario(labScenario({ load: {} }));
  assert.equal([flat.load?.kind, flat.load?.ratePerSec, flat.load?.connections, flat.load?.durationMs, flat.load?.pairs], ['manifest-head', null, 4, 10_000, [{ worker: 'a', endpoint: 'a' }, { worker: 'b', endpoint: 'b' }]]);
});

load('contradictions and bounds fail with the field path', () => {
  assert.throws(() => resolveScenario(labScenario({ load: { rate: '2/s', connections: 4 } }), 'x.yaml'), configLine(/^x\.yaml: load\.rate: expected at least one request per second per connection \(connections: 4\), found 2\/s$/));
  assert.match(messageOf(() => resolveScenario(labScenario({ load: { duration: '1h' } }))), /load\.duration: expected at most 10m \(the load phase is bounded\), found 60m/);
  assert.match(messageOf(() => resolveScenario(labScenario({ load: { kind: 'post' } }))), /load\.kind/);
  assert.match(messageOf(() => resolveScenario(labScenario({ load: { endpoints: ['z'] } }))), /load\.endpoints\[0\]: expected one of the regions \(a, b\), found "z"/);
  assert.equal(resolveLoad(undefined, ['a'], fail), null);
});

load.run();

const coverage = suite('checkRemoteCoverage');

coverage('remote mode: pull, load and watch-from-worker regions need an expected worker', () => {
  const remote = { mode: 'remote' as const, expect: ['a'], joinTimeoutMs: 1 };
  assert.match(failure(() => checkRemoteCoverage(remote, { pullWorkers: ['a', 'b'], loadWorkers: [], watchRegions: [] }, fail)), /^pull\.workers: expected every pull worker region among workers\.expect \(a\), found "b" missing there$/);
  assert.match(failure(() => checkRemoteCoverage(remote, { pullWorkers: ['a'], loadWorkers: [], watchRegions: ['b'] }, fail)), /^replication\.watchFrom:/);
  assert.is(failure(() => checkRemoteCoverage({ ...remote, mode: 'in-process' }, { pullWorkers: ['b'], loadWorkers: ['b'], watchRegions: ['b'] }, fail)), '');
  assert.match(messageOf(() => resolveScenario(labScenario({ workers: { mode: 'remote', expect: ['a'] }, pull: { workers: ['a'] }, replication: { watchFrom: 'worker' } }))), /replication\.watchFrom: expected every replica region watched from its worker among workers\.expect \(a\), found "b"/);
});

coverage.run();

const thresholds = suite('checkLoadThresholdLabels');

thresholds('load_latency thresholds name the load kind, a load worker and a load endpoint', () => {
  const l: ResolvedLoad = { kind: 'manifest-head', ratePerSec: null, connections: 1, durationMs: 1, workers: ['a'], endpointsMode: 'local', pairs: [{ worker: 'a', endpoint: 'a' }] };
  const f = (m: string): never => {
    throw new Error(m);
  };
  assert.is(failure(() => checkLoadThresholdLabels({ kind: 'manifest-head', worker: 'a', endpoint: 'a' }, l, f)), '');
  assert.match(failure(() => checkLoadThresholdLabels({ kind: 'blob-get' }, l, f)), /^kind: expected the load kind \(manifest-head\)/);
  assert.match(failure(() => checkLoadThresholdLabels({ worker: 'b' }, l, f)), /^worker: expected one of the load workers \(a\)/);
  assert.match(failure(() => checkLoadThresholdLabels({}, null, f)), /load: section/);
  const s = resolveScenario(labScenario({ load: { endpoints: 'local' }, thresholds: { 'load_latency{kind:manifest-head,worker:b}': ['p(99)<50ms'] } }));
  assert.is(s.thresholds.parsed.length, 1);
  assert.match(messageOf(() => resolveScenario(labScenario({ thresholds: { load_latency: ['p(99)<50ms'] } }))), /thresholds\["load_latency"\]: expected a load: section/);
});

thresholds.run();
