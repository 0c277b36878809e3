import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { arrivalRate, buildK6Plan, k6Duration } from '../../src/dist/k6-plan.ts';
import { labScenario, ociScenario, OCI_SCENARIO } from './k6-fixtures.ts';

const build = suite('buildK6Plan');
build('one constant-arrival-rate pair per (worker, endpoint) of the pull matrix, tagged and named', () => {
  const plan = buildK6Plan(ociScenario(), { ratePerSec: 5, durationMs: 300_000 });
  assert.is(plan.pairs.length, 9);
  const p = plan.pairs[1];
  assert.equal(
    { scenario: p?.scenario, worker: p?.worker, endpoint: p?.endpoint, url: p?.url },
    { scenario: 'pull_eastus_from_westeurope', worker: 'eastus', endpoint: 'westeurope', url: 'https://myreg.westeurope.data.azurecr.io' },
  );
  assert.equal(p?.local, { rate: 5, timeUnit: '1s', preAllocatedVUs: 5, maxVUs: 20 });
  assert.is(plan.duration, '300s');
  assert.equal(plan.workers, ['eastus', 'westeurope', 'japaneast']);
  assert.is(plan.batchPerHost, 3);
  assert.is(plan.parallelism, 1);
});
build('images expand the workload templates; auth keeps only variable names', () => {
  const plan = buildK6Plan(ociScenario(), { ratePerSec: 1, durationMs: 60_000 });
  assert.equal(plan.images, [
    { repository: 'app/img-0', tag: 'v0' },
    { repository: 'app/img-1', tag: 'v1' },
    { repository: 'app/img-2', tag: 'v2' },
  ]);
  assert.equal(plan.auth, { kind: 'basic', username: 'puller', passwordEnv: 'ACR_PASSWORD' });
});
build('k6 Cloud rates and VUs are scaled by 100 / the worker zone percent', () => {
  const plan = buildK6Plan(ociScenario(), { ratePerSec: 2, durationMs: 60_000, preAllocatedVUs: 3, maxVUs: 6 });
  assert.equal(plan.distribution.westeurope, { loadZone: 'amazon:gb:london', percent: 33 });
  const p = plan.pairs.find((x) => x.worker === 'westeurope');
  assert.equal(p?.cloud, { rate: Math.round(((2 * 100) / 33) * 3600), timeUnit: '1h', preAllocatedVUs: 10, maxVUs: 19 });
  assert.equal(plan.pairs.find((x) => x.worker === 'eastus')?.cloud?.preAllocatedVUs, Math.ceil((3 * 100) / 34));
});
build('zone overrides, endpoint overrides and unzoned workers', () => {
  const plan = buildK6Plan(ociScenario(), {
    ratePerSec: 1,
    durationMs: 1000,
    zones: { westeurope: 'amazon:ie:dublin' },
    endpoints: { japaneast: 'https://mirror.example.test:8443/' },
  });
  assert.is(plan.distribution.westeurope?.loadZone, 'amazon:ie:dublin');
  assert.is(plan.pairs.find((p) => p.endpoint === 'japaneast')?.url, 'https://mirror.example.test:8443');
  const lab = buildK6Plan(labScenario(30000), { ratePerSec: 1, durationMs: 1000 });
  assert.equal(lab.unzoned, []);
  assert.equal(lab.auth, { kind: 'anonymous' });
});
build('thresholds are translated and the left-out ones listed', () => {
  const plan = buildK6Plan(ociScenario(), { ratePerSec: 1, durationMs: 1000 });
  assert.equal(plan.thresholds['replbench_pull_duration{worker:eastus}'], ['p(99)<2000', 'avg<500']);
  assert.equal(plan.skippedThresholds.map((s) => s.expr), ['replication_lag: p(99)<30s', 'pull_duration: count>5']);
  assert.equal(plan.scenario.thresholds['replication_lag'], ['p(99)<30s']);
});
build('a lab with ports.base: each pair uses the port of (server region, client region)', () => {
  const plan = buildK6Plan(labScenario(30000), { ratePerSec: 1, durationMs: 1000 });
  assert.equal(plan.pairs.map((p) => `${p.worker}>${p.endpoint} ${p.url}`), [
    'eastus>eastus http://127.0.0.1:30000',
    'eastus>westeurope http://127.0.0.1:30002',
    'westeurope>eastus http://127.0.0.1:30001',
    'westeurope>westeurope http://127.0.0.1:30003',
  ]);
});
build('a lab without fixed ports needs --endpoint', () => {
  assert.throws(() => buildK6Plan(labScenario(), { ratePerSec: 1, durationMs: 1000 }), /no fixed ports.*--endpoint eastus=URL/);
  const plan = buildK6Plan(labScenario(), { ratePerSec: 1, durationMs: 1000, endpoints: { eastus: 'http://127.0.0.1:5000', westeurope: 'http://127.0.0.1:5001' } });
  assert.is(plan.pairs[1]?.url, 'http://127.0.0.1:5001');
});
build('docker-config and azure auth map to the REPLBENCH_* variables', () => {
  const s = ociScenario(OCI_SCENARIO.replace('{ kind: basic, username: puller, passwordEnv: ACR_PASSWORD }', '{ kind: docker-config }'));
  assert.equal(buildK6Plan(s, { ratePerSec: 1, durationMs: 1000 }).auth, { kind: 'replbench-env' });
});
build('refuses bad rates, durations and VU counts with the flag named', () => {
  const s = ociScenario();
  assert.throws(() => buildK6Plan(s, { ratePerSec: 0, durationMs: 1000 }), /--rate: expected a rate above 0/);
  assert.throws(() => buildK6Plan(s, { ratePerSec: 1, durationMs: Number.NaN }), /--duration/);
  assert.throws(() => buildK6Plan(s, { ratePerSec: 1, durationMs: 1000, preAllocatedVUs: 1.5 }), /--pre-allocated-vus: expected a whole number/);
  assert.throws(() => buildK6Plan(s, { ratePerSec: 1, durationMs: 1000, preAllocatedVUs: 4, maxVUs: 2 }), /--max-vus: expected at least --pre-allocated-vus \(4\)/);
  assert.throws(() => buildK6Plan(s, { ratePerSec: 1, durationMs: 1000, parallelism: 0 }), /--parallelism/);
});
build.run();

const rate = suite('arrivalRate');
rate('whole per second, else whole per minute, else per hour rounded, never 0', () => {
  assert.equal(arrivalRate(20), { rate: 20, timeUnit: '1s' });
  assert.equal(arrivalRate(0.5), { rate: 30, timeUnit: '1m' });
  assert.equal(arrivalRate(5 / 60), { rate: 5, timeUnit: '1m' });
  assert.equal(arrivalRate(1 / 7), { rate: 514, timeUnit: '1h' });
  assert.equal(arrivalRate(1e-6), { rate: 1, timeUnit: '1h' });
});
rate.run();

const duration = suite('k6Duration');
duration('whole seconds as "Ns", else milliseconds', () => {
  assert.is(k6Duration(300_000), '300s');
  assert.is(k6Duration(1500), '1500ms');
});
duration.run();
