import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { checkLoadThresholdLabels, resolveLoad } from '../../src/scenario/load-schema.ts';
import type { ResolvedLoad } from '../../src/scenario/resolved.ts';
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
