import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MANIFEST_ACCEPT } from '../../src/oci-spec/media-types.ts';
import { arrivalRate, buildK6Plan, k6Duration, trendStats } from '../../src/dist/k6-plan.ts';
import { labScenario, ociScenario, OCI_SCENARIO } from './k6-fixtures.ts';

const build = suite('buildK6Plan');
build('one k6 scenario per worker: its VUs are pull.concurrency, its iterations the pulls replbench run makes', () => {
  const plan = buildK6Plan(ociScenario(), {});
  assert.is(plan.mode, 'pull-phase');
  assert.equal(plan.scenarios.map((w) => w.scenario), ['pull_eastus', 'pull_westeurope', 'pull_japaneast']);
  const w = plan.scenarios[0];
  assert.equal(w?.endpoints, [
    { endpoint: 'eastus', url: 'https://myreg.azurecr.io' },
    { endpoint: 'westeurope', url: 'https://myreg.westeurope.data.azurecr.io' },
    { endpoint: 'japaneast', url: 'https://myreg.japaneast.data.azurecr.io' },
  ]);
  // 3 images × 3 endpoints × (1 cold + 1 warm iteration), 3 pulls in flight (pull.concurrency).
  assert.equal(w?.local, { executor: 'shared-iterations', vus: 3, iterations: 18, maxDuration: '600s' });
  assert.is(plan.concurrency, 3);
  assert.is(plan.blobsPerPull, 4, 'blobs per pull are replbench\'s, not pull.concurrency');
  assert.is(plan.rounds, 2);
  assert.ok(plan.reportCold);
  assert.equal(plan.workers, ['eastus', 'westeurope', 'japaneast']);
  assert.is(plan.parallelism, 1);
});
build('--rate: constant-arrival-rate per worker at rate × its endpoints, VUs capped at pull.concurrency', () => {
  const plan = buildK6Plan(ociScenario(), { ratePerSec: 5, durationMs: 300_000 });
  assert.is(plan.mode, 'rate');
  assert.equal(plan.scenarios[1]?.local, { executor: 'constant-arrival-rate', rate: 15, timeUnit: '1s', duration: '300s', preAllocatedVUs: 3, maxVUs: 3 });
  assert.is(plan.duration, '300s');
});
build('pull.images, pull.iterations and pull.phases decide the images and rounds', () => {
  const text = OCI_SCENARIO.replace('pull: { endpoints: all, concurrency: 3 }', 'pull: { endpoints: local, concurrency: 2, images: 2, iterations: 3, phases: [warm] }');
  const plan = buildK6Plan(ociScenario(text), {});
  assert.equal(plan.images, [
    { repository: 'app/img-0', tag: 'v0' },
    { repository: 'app/img-1', tag: 'v1' },
  ]);
  assert.not.ok(plan.reportCold);
  assert.is(plan.rounds, 4);
  assert.equal(plan.scenarios[0]?.local, { executor: 'shared-iterations', vus: 2, iterations: 8, maxDuration: '600s' });
  const cold = buildK6Plan(ociScenario(OCI_SCENARIO.replace('concurrency: 3 }', 'concurrency: 3, phases: [cold] }')), {});
  assert.is(cold.rounds, 1);
});
build('images expand the workload templates; auth keeps only variable names; Accept is replbench\'s list', () => {
  const plan = buildK6Plan(ociScenario(), { ratePerSec: 1, durationMs: 60_000 });
  assert.equal(plan.images, [
    { repository: 'app/img-0', tag: 'v0' },
    { repository: 'app/img-1', tag: 'v1' },
    { repository: 'app/img-2', tag: 'v2' },
  ]);
  assert.equal(plan.auth, { kind: 'basic', username: 'puller', passwordEnv: 'ACR_PASSWORD' });
  assert.is(plan.manifestAccept, MANIFEST_ACCEPT.join(', '));
});
build('k6 Cloud VUs, iterations and rates are scaled by 100 / the worker zone percent', () => {
  const plan = buildK6Plan(ociScenario(), { ratePerSec: 2, durationMs: 60_000 });
  assert.equal(plan.distribution.westeurope, { loadZone: 'amazon:gb:london', percent: 33 });
  const w = plan.scenarios.find((x) => x.worker === 'westeurope');
  assert.equal(w?.cloud, { executor: 'constant-arrival-rate', rate: Math.round(((6 * 100) / 33) * 3600), timeUnit: '1h', duration: '60s', preAllocatedVUs: 10, maxVUs: 10 });
  const closed = buildK6Plan(ociScenario(), {}).scenarios.find((x) => x.worker === 'eastus');
  assert.equal(closed?.cloud, { executor: 'shared-iterations', vus: Math.ceil((3 * 100) / 34), iterations: Math.ceil((18 * 100) / 34), maxDuration: '600s' });
});
build('zone overrides, endpoint overrides and unzoned workers', () => {
  const plan = buildK6Plan(ociScenario(), {
    zones: { westeurope: 'amazon:ie:dublin' },
    endpoints: { japaneast: 'https://mirror.example.test:8443/' },
  });
  assert.is(plan.distribution.westeurope?.loadZone, 'amazon:ie:dublin');
  assert.is(plan.scenarios[0]?.endpoints.find((e) => e.endpoint === 'japaneast')?.url, 'https://mirror.example.test:8443');
  const lab = buildK6Plan(labScenario(30000), {});
  assert.equal(lab.unzoned, []);
  assert.equal(lab.auth, { kind: 'anonymous' });
  assert.ok(lab.lab);
});
build('thresholds are translated, the left-out ones listed, and every percentile they use is in summaryTrendStats', () => {
  const plan = buildK6Plan(ociScenario(), {});
  assert.equal(plan.thresholds['replbench_pull_duration{worker:eastus}'], ['p(99)<2000', 'avg<500']);
  assert.equal(plan.skippedThresholds.map((s) => s.expr), ['replication_lag: p(99)<30s', 'pull_duration: count>5']);
  assert.equal(plan.scenario.thresholds['replication_lag'], ['p(99)<30s']);
  assert.equal(plan.summaryTrendStats, ['min', 'med', 'avg', 'p(90)', 'p(95)', 'p(99)', 'max', 'count']);
  assert.equal(trendStats({ m: ['p(99.9)<5', 'p(50)<1'] }), ['min', 'med', 'avg', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'max', 'count']);
});
build('a lab with ports.base: each worker pulls through its own row of the port matrix', () => {
  const plan = buildK6Plan(labScenario(30000), {});
  assert.equal(plan.scenarios.flatMap((w) => w.endpoints.map((e) => `${w.worker}>${e.endpoint} ${e.url}`)), [
    'eastus>eastus http://127.0.0.1:30000',
    'eastus>westeurope http://127.0.0.1:30002',
    'westeurope>eastus http://127.0.0.1:30001',
    'westeurope>westeurope http://127.0.0.1:30003',
  ]);
});
build('a lab without fixed ports says why it cannot be exported; --base-port names the ports; --endpoint cannot flatten a lab', () => {
  assert.throws(() => buildK6Plan(labScenario(), {}), /target\.ports\.base: a lab without fixed ports .* set ports\.base, or pass --base-port N/);
  const given = buildK6Plan(labScenario(), { labBasePort: 16000 });
  assert.equal(given.scenarios[1]?.endpoints.map((e) => e.url), ['http://127.0.0.1:16001', 'http://127.0.0.1:16003']);
  assert.is(buildK6Plan(labScenario(30000), { labBasePort: 16000 }).scenarios[0]?.endpoints[0]?.url, 'http://127.0.0.1:16000');
  assert.throws(() => buildK6Plan(labScenario(), { labBasePort: 65_534 }), /--base-port: expected a port number between 1 and 65531/);
  assert.throws(() => buildK6Plan(ociScenario(), { labBasePort: 16000 }), /--base-port: only a lab target has a port matrix/);
  assert.throws(
    () => buildK6Plan(labScenario(30000), { endpoints: { eastus: 'http://127.0.0.1:5000' } }),
    /--endpoint: a lab target encodes the client region in the port/,
  );
});
build('docker-config and azure auth map to the REPLBENCH_* variables, saying why', () => {
  const s = ociScenario(OCI_SCENARIO.replace('{ kind: basic, username: puller, passwordEnv: ACR_PASSWORD }', '{ kind: docker-config }'));
  assert.equal(buildK6Plan(s, {}).auth, { kind: 'replbench-env', instead: "k6 cannot read Docker's config.json" });
  const a = ociScenario(`name: acr\ntarget: { kind: acr, registry: contoso, regions: [eastus, westeurope] }\norigin: eastus\n`);
  assert.equal(buildK6Plan(a, {}).auth, { kind: 'replbench-env', instead: 'k6 cannot sign in to Microsoft Entra ID' });
});
build('refuses bad rates, durations, parallelism, and more runners than pulls in flight', () => {
  const s = ociScenario();
  assert.throws(() => buildK6Plan(s, { ratePerSec: 0, durationMs: 1000 }), /--rate: expected a rate above 0/);
  assert.throws(() => buildK6Plan(s, { ratePerSec: 1, durationMs: Number.NaN }), /--duration/);
  assert.throws(() => buildK6Plan(s, { parallelism: 0 }), /--parallelism/);
  assert.throws(() => buildK6Plan(s, { parallelism: 4 }), /--parallelism: expected at most pull\.concurrency \(3\) runners per region, found 4/);
  assert.is(buildK6Plan(s, { parallelism: 3 }).parallelism, 3);
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
