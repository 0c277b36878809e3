import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { INLINE_SOURCE, resolveScenario } from '../../src/scenario/resolve.ts';
import { configLine, labScenario, messageOf, ociScenario } from './fixtures.ts';

const KiB = 1024;
const MiB = 1024 * 1024;

const defaults = suite('resolveScenario: defaults');

defaults('workload', () => {
  const s = resolveScenario(labScenario());
  assert.equal(s.workload, {
    images: 10,
    repository: 'replbench/img-{i}',
    tag: 'v1',
    layers: 3,
    baseLayers: 0,
    layerSize: { kind: 'fixed', sizeBytes: MiB },
    pushConcurrency: 4,
    pushRatePerSec: null,
    uploadMode: 'monolithic',
    chunkSizeBytes: 8 * MiB,
    seed: 1,
  });
});

defaults('replication: a fixed schedule without an interval probes every 100 ms', () => {
  const s = resolveScenario(labScenario({ replication: { schedule: 'fixed' } }));
  assert.is(s.replication.intervalMs, 100);
});

defaults('replication: every region but the origin is watched', () => {
  const s = resolveScenario(labScenario());
  assert.equal(s.replication, {
    probe: 'manifest+blobs',
    schedule: 'adaptive',
    intervalMs: 14,
    timeoutMs: 300_000,
    maxProbesPerSecPerRegion: null,
    regions: ['b'],
    watchFrom: 'coordinator',
  });
});

defaults('pull: every worker to every endpoint, cold then warm', () => {
  const s = resolveScenario(labScenario());
  assert.equal(s.pull, {
    workers: ['a', 'b'],
    endpointsMode: 'all',
    pairs: [
      { worker: 'a', endpoint: 'a' },
      { worker: 'a', endpoint: 'b' },
      { worker: 'b', endpoint: 'a' },
      { worker: 'b', endpoint: 'b' },
    ],
    images: null,
    iterations: 1,
    concurrency: 4,
    phases: ['cold', 'warm'],
  });
});

defaults('thresholds, report, description, source', () => {
  const s = resolveScenario(labScenario());
  assert.equal(s.thresholds, { input: {}, parsed: [] });
  assert.equal(s.report, { dir: 'reports', formats: ['json', 'md', 'hgrm', 'hlog', 'html', 'junit', 'prom'] });
  assert.is(s.description, null);
  assert.is(s.source, INLINE_SOURCE);
  assert.is(resolveScenario(labScenario(), 'x.yaml').source, 'x.yaml');
});

defaults('lab target: the lab config schema fills its own defaults', () => {
  const s = resolveScenario(labScenario());
  assert.is(s.target.kind, 'lab');
  if (s.target.kind !== 'lab') return;
  assert.is(s.target.config.topology, 'multi-master');
  assert.is(s.target.config.localRttMs, 1);
  assert.equal(s.target.config.regions.map((r) => [r.name, r.mode]), [['a', 'ReadWrite'], ['b', 'ReadWrite']]);
  assert.equal(s.regions, ['a', 'b']);
});

defaults('oci target: https, anonymous', () => {
  const s = resolveScenario(ociScenario());
  assert.equal(s.target, {
    kind: 'oci',
    regions: [
      { name: 'a', endpoint: 'https://a.example.test', host: 'a.example.test', insecure: false },
      { name: 'b', endpoint: 'https://b.example.test:5000', host: 'b.example.test:5000', insecure: false },
    ],
    auth: { kind: 'anonymous' },
  });
  assert.equal(s.regions, ['a', 'b']);
});

defaults.run();

const units = suite('resolveScenario: units and forms');

units('durations, sizes and rates become ms, bytes and per second', () => {
  const s = resolveScenario(
    labScenario({
      workload: { layerSize: { kind: 'uniform', min: '256KiB', max: '1MiB' }, pushRate: '300/m', uploadMode: 'chunked', chunkSize: '5MiB' },
      replication: { interval: '250ms', timeout: '1m30s', maxProbeRatePerRegion: '100/s', schedule: 'fixed' },
    }),
  );
  assert.equal(s.workload.layerSize, { kind: 'uniform', minBytes: 256 * KiB, maxBytes: MiB });
  assert.is(s.workload.pushRatePerSec, 5);
  assert.is(s.workload.chunkSizeBytes, 5 * MiB);
  assert.is(s.replication.intervalMs, 250);
  assert.is(s.replication.timeoutMs, 90_000);
  assert.is(s.replication.maxProbesPerSecPerRegion, 100);
});

units('bare numbers are ms, bytes and per second', () => {
  const s = resolveScenario(labScenario({ workload: { layerSize: 4096, pushRate: 2 }, replication: { interval: 20, timeout: 1000 } }));
  assert.equal(s.workload.layerSize, { kind: 'fixed', sizeBytes: 4096 });
  assert.is(s.workload.pushRatePerSec, 2);
  assert.is(s.replication.intervalMs, 20);
  assert.is(s.replication.timeoutMs, 1000);
});

units('lognormal layer sizes keep mu and sigma from src/workload', () => {
  const s = resolveScenario(labScenario({ workload: { layerSize: { kind: 'lognormal', median: '8MiB', p99: '64MiB' } } }));
  assert.is(s.workload.layerSize.kind, 'lognormal');
  if (s.workload.layerSize.kind === 'lognormal') assert.ok(Math.abs(s.workload.layerSize.mu - Math.log(8 * MiB)) < 1e-9);
});

units('pull endpoints: local, a list, explicit workers', () => {
  const local = resolveScenario(labScenario({ pull: { endpoints: 'local' } }));
  assert.is(local.pull.endpointsMode, 'local');
  assert.equal(local.pull.pairs, [{ worker: 'a', endpoint: 'a' }, { worker: 'b', endpoint: 'b' }]);
  const listed = resolveScenario(labScenario({ pull: { workers: ['b'], endpoints: ['a'], phases: ['warm'] } }));
  assert.is(listed.pull.endpointsMode, 'list');
  assert.equal(listed.pull.pairs, [{ worker: 'b', endpoint: 'a' }]);
  assert.equal(listed.pull.phases, ['warm']);
});

units('thresholds are kept as written and parsed', () => {
  const input = { 'replication_lag{region:b}': ['p(99)<2s', 'max<1m'], replication_outcome: 'rate(replicated)>=99%' };
  const s = resolveScenario(labScenario({ thresholds: input }));
  assert.equal(s.thresholds.input, input);
  assert.equal(s.thresholds.parsed.map((t) => [t.metric, t.target]), [['replication_lag', 2000], ['replication_lag', 60_000], ['replication_outcome', 0.99]]);
});

units('oci auth references secrets by name only', () => {
  const basic = resolveScenario(ociScenario({}, { auth: { kind: 'basic', username: 'bot', passwordEnv: 'REG_PW' } }));
  assert.equal(basic.target.kind === 'oci' && basic.target.auth, { kind: 'basic', username: 'bot', passwordEnv: 'REG_PW' });
  const bearer = resolveScenario(ociScenario({}, { auth: { kind: 'bearer', tokenEnv: 'REG_TOKEN' } }));
  assert.equal(bearer.target.kind === 'oci' && bearer.target.auth, { kind: 'bearer', tokenEnv: 'REG_TOKEN' });
  const docker = resolveScenario(ociScenario({}, { auth: { kind: 'docker-config' } }));
  assert.equal(docker.target.kind === 'oci' && docker.target.auth, { kind: 'docker-config', configPath: null });
});

units('plain http only with insecure: true', () => {
  const s = resolveScenario(ociScenario({}, { regions: [{ name: 'a', endpoint: 'http://127.0.0.1:5000', insecure: true }] }));
  assert.equal(s.target.kind === 'oci' && s.target.regions[0], { name: 'a', endpoint: 'http://127.0.0.1:5000', host: '127.0.0.1:5000', insecure: true });
});

units('the result is frozen, JSON-safe, and the input is left alone', () => {
  const input = labScenario({ thresholds: { replication_lag: ['p(99)<2s'] } });
  const before = JSON.stringify(input);
  const s = resolveScenario(input);
  assert.ok(Object.isFrozen(s) && Object.isFrozen(s.workload) && Object.isFrozen(s.pull.pairs) && Object.isFrozen(s.thresholds.parsed[0]));
  assert.equal(JSON.parse(JSON.stringify(s)), s);
  assert.is(JSON.stringify(input), before);
  assert.not.ok(Object.isFrozen(input));
});

units.run();

const rejects = suite('resolveScenario: contradictions');

const line = (doc: Record<string, unknown>): string => messageOf(() => resolveScenario(doc, 'bad.yaml'));

rejects('a timeout not longer than the probe interval', () => {
  assert.is(
    line(labScenario({ replication: { interval: '2s', timeout: '1s' } })),
    'bad.yaml: replication.timeout: expected a timeout longer than the probe interval (2s), found 1s',
  );
  assert.match(line(labScenario({ replication: { interval: '2s', timeout: '2s' } })), /replication\.timeout: expected a timeout longer/);
});

rejects('an origin that is not a region', () => {
  assert.is(line(labScenario({ origin: 'c' })), 'bad.yaml: origin: expected one of the regions (a, b), found "c"');
  assert.match(line(ociScenario({ origin: 'z' })), /^bad\.yaml: origin: expected one of the regions \(a, b\), found "z"$/);
});

rejects('a pull worker or endpoint that is not a region', () => {
  assert.is(line(labScenario({ pull: { workers: ['a', 'q'] } })), 'bad.yaml: pull.workers[1]: expected one of the regions (a, b), found "q"');
  assert.is(line(labScenario({ pull: { endpoints: ['z'] } })), 'bad.yaml: pull.endpoints[0]: expected one of the regions (a, b), found "z"');
  assert.match(line(labScenario({ pull: { workers: ['a', 'a'] } })), /pull\.workers\[1\]: expected each worker region once, found "a" again/);
  assert.match(line(labScenario({ pull: { endpoints: 'near' } })), /pull\.endpoints: expected "local", "all" or a list of region names, found "near"/);
});

rejects('a ReadOnly origin, in a hierarchy or a multi-master lab', () => {
  const hierarchy = {
    kind: 'lab',
    topology: { kind: 'hierarchy', nodes: [{ name: 'cloud' }, { name: 'edge', parent: 'cloud', mode: 'ReadOnly' }] },
  };
  assert.is(
    line({ name: 't', target: hierarchy, origin: 'edge' }),
    'bad.yaml: origin: expected a writable (ReadWrite) region to push to, found "edge", which is ReadOnly',
  );
  assert.is(resolveScenario({ name: 't', target: hierarchy, origin: 'cloud' }).replication.regions[0], 'edge');
  const mm = { kind: 'lab', regions: [{ name: 'a', mode: 'ReadOnly' }, { name: 'b' }] };
  assert.match(line({ name: 't', target: mm, origin: 'a' }), /origin: expected a writable/);
});

rejects('duplicate region names', () => {
  assert.match(line(labScenario({ target: { kind: 'lab', regions: [{ name: 'a' }, { name: 'a' }] } })), /^bad\.yaml: target\.regions\[1\]\.name: .*"a".*twice/);
  const dup = { regions: [{ name: 'a', endpoint: 'https://x.test' }, { name: 'a', endpoint: 'https://y.test' }] };
  assert.is(line(ociScenario({}, dup)), 'bad.yaml: target.regions[1].name: expected each region name once, found "a" again');
});

rejects('more base layers than layers', () => {
  assert.is(line(labScenario({ workload: { layers: 2, baseLayers: 3 } })), 'bad.yaml: workload.baseLayers: expected at most workload.layers (2) base layers, found 3');
});

rejects('a chunk size without chunked uploads', () => {
  assert.match(line(labScenario({ workload: { chunkSize: '1MiB' } })), /^bad\.yaml: workload\.chunkSize: expected no chunkSize with uploadMode: monolithic/);
});

rejects('several images on one repository:tag', () => {
  assert.match(line(labScenario({ workload: { repository: 'x/y', tag: 'v1' } })), /workload\.repository: expected "\{i\}" in the repository or the tag when images > 1.*found "x\/y:v1"/);
  resolveScenario(labScenario({ workload: { images: 1, repository: 'x/y' } }));
  resolveScenario(labScenario({ workload: { repository: 'x/y', tag: 'build-{i}' } }));
});

rejects('a fixed schedule faster than the probe cap', () => {
  assert.is(
    line(labScenario({ replication: { schedule: 'fixed', interval: '10ms', maxProbeRatePerRegion: '50/s' } })),
    'bad.yaml: replication.maxProbeRatePerRegion: expected at least one probe per interval (10ms = 100/s) for schedule: fixed, found 50/s',
  );
  resolveScenario(labScenario({ replication: { schedule: 'adaptive', interval: '10ms', maxProbeRatePerRegion: '50/s' } }));
});

rejects('pull phases out of order or repeated', () => {
  assert.is(line(labScenario({ pull: { phases: ['warm', 'cold'] } })), 'bad.yaml: pull.phases[1]: expected cold before warm, found "cold" after "warm"');
  assert.match(line(labScenario({ pull: { phases: ['cold', 'cold'] } })), /pull\.phases\[1\]: expected each phase once/);
});

rejects('repeated report formats', () => {
  assert.match(line(labScenario({ report: { formats: ['json', 'json'] } })), /report\.formats\[1\]: expected each format once, found "json" again/);
});

rejects('thresholds: bad expressions (parseThresholds) and labels with no data', () => {
  assert.match(line(labScenario({ thresholds: { foo: ['p(99)<1s'] } })), /^bad\.yaml: thresholds\["foo"\]: expected a metric/);
  assert.match(line(labScenario({ thresholds: { replication_lag: ['p(99)<soon'] } })), /^bad\.yaml: thresholds\["replication_lag"\]\[0\]: expected a duration/);
  assert.is(
    line(labScenario({ thresholds: { 'replication_lag{region:zz}': ['p(99)<1s'] } })),
    'bad.yaml: thresholds["replication_lag{region:zz}"]: region: expected one of the regions (a, b), found "zz"',
  );
  assert.match(line(labScenario({ thresholds: { 'replication_outcome{region:a}': ['rate(replicated)>=1'] } })), /region: expected a replica region \(the origin is not watched\), found "a"/);
  assert.match(line(labScenario({ pull: { workers: ['a'] }, thresholds: { 'pull_duration{worker:b}': ['p(50)<1s'] } })), /worker: expected one of the pull workers \(a\), found "b"/);
  assert.match(line(labScenario({ pull: { endpoints: 'local', workers: ['a'] }, thresholds: { 'pull_ttfb{endpoint:b}': ['p(50)<1s'] } })), /endpoint: expected an endpoint of the pull matrix, found "b"/);
});

rejects('layer sizes: the workload layer names the field', () => {
  assert.is(line(labScenario({ workload: { layerSize: 'huge' } })), 'bad.yaml: workload.layerSize: expected a size such as "512KiB" or "64MiB", found "huge"');
  assert.match(line(labScenario({ workload: { layerSize: { kind: 'uniform', min: '2MiB', max: '1MiB' } } })), /^bad\.yaml: workload\.layerSize: min \(2MiB\) must not exceed max \(1MiB\)$/);
});

rejects('oci endpoints: http without insecure, paths, credentials never echoed', () => {
  assert.is(
    line(ociScenario({}, { regions: [{ name: 'a', endpoint: 'http://user:secret@a.test' }] })),
    'bad.yaml: target.regions[0].endpoint: expected an https:// endpoint (set insecure: true to allow plain http), found "http://***@a.test"',
  );
  assert.match(line(ociScenario({}, { regions: [{ name: 'a', endpoint: 'https://a.test/v2/' }] })), /endpoint: expected https:\/\/host\[:port\] with no path/);
});

rejects('every message is one line', () => {
  const docs = [labScenario({ replication: { timeout: 'soon' } }), labScenario({ origin: 'c' }), { nope: 1 }, [], null, 'text'];
  for (const d of docs) assert.ok(configLine(/^bad\.yaml: /)(catchIt(() => resolveScenario(d, 'bad.yaml'))), JSON.stringify(d));
});

function catchIt(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e: unknown) {
    return e;
  }
  return undefined;
}

rejects.run();
