import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { lagSpecSchema, labConfigSchema, parseLabConfig } from '../../src/lab/lab-config.ts';

const throwsConfig = (input: unknown, pattern: RegExp): void => {
  assert.throws(() => parseLabConfig(input, 'lab.yaml'), (e: unknown) => e instanceof ConfigError && pattern.test(e.message));
};

const parse = suite('parseLabConfig');

parse('resolves units and fills defaults', () => {
  const c = parseLabConfig({
    regions: [{ name: 'eastus' }, { name: 'westeurope', writable: false }],
    links: [{ from: 'eastus', to: 'westeurope', rtt: '80ms', bandwidth: '50MiB/s' }],
    replication: { lag: { model: 'uniform', min: '100ms', max: '1s' }, bandwidth: '10MiB/s' },
  });
  assert.is(c.seed, 1);
  assert.is(c.topology, 'multi-master');
  assert.equal(c.regions, [
    { name: 'eastus', mode: 'ReadWrite' },
    { name: 'westeurope', mode: 'ReadOnly' },
  ]);
  assert.is(c.localRttMs, 1);
  assert.is(c.defaultRttMs, 1);
  assert.equal(c.links, [{ from: 'eastus', to: 'westeurope', rttMs: 80, bandwidthBytesPerSec: 50 * 1024 ** 2 }]);
  assert.equal(c.replication.lag, { model: 'uniform', minMs: 100, maxMs: 1000 });
  assert.is(c.replication.bandwidthBytesPerSec, 10 * 1024 ** 2);
  assert.equal(c.store, { kind: 'memory' });
  assert.is(c.controlPort, 0);
  assert.is(c.basePort, undefined);
});

parse('a hierarchy defines the regions through its nodes', () => {
  const c = parseLabConfig({
    topology: {
      kind: 'hierarchy',
      nodes: [
        { name: 'cloud' },
        { name: 'edge', parent: 'cloud', mode: 'ReadOnly', repositories: ['apps/*'], syncSchedule: 'every 10s', syncWindow: 'PT5S' },
      ],
    },
  });
  assert.is(c.topology, 'hierarchy');
  assert.equal(c.regions[1], {
    name: 'edge',
    mode: 'ReadOnly',
    parent: 'cloud',
    repositories: ['apps/*'],
    syncSchedule: 'every 10s',
    syncWindowMs: 5000,
  });
});

parse('accepts a scenario target section (kind: lab) and shorthand forms', () => {
  const c = parseLabConfig({ kind: 'lab', regions: [{ name: 'a' }], topology: 'multi-master', store: 'memory', replication: { lag: '2s' } });
  assert.equal(c.replication.lag, { model: 'constant', lagMs: 2000 });
});

parse('every problem, phrased as a scenario\'s are: what was expected and what was found', () => {
  assert.throws(
    () => parseLabConfig({ seed: 'x', regions: [{ name: 'a' }], bogus: 1 }, 'lab.yaml'),
    (e: unknown) =>
      e instanceof ConfigError &&
      /^lab\.yaml: seed: expected a number, found "x"; bogus: expected only the fields kind, seed, .*, found an unknown field "bogus"$/.test(e.message),
  );
});

parse('names the file and the field path of bad input', () => {
  throwsConfig({ regions: [{ name: 'a' }], links: [{ from: 'a', to: 'a', rtt: 'fast' }] }, /^lab\.yaml: links\[0\]\.rtt: expected a duration/);
  throwsConfig({}, /regions: expected a list of regions/);
  throwsConfig({ regions: [{ name: 'a' }], colour: 'red' }, /^lab\.yaml: colour: expected only the fields kind, seed, .*, found an unknown field "colour"$/);
  throwsConfig({ regions: [{ name: 'a' }], webhooks: [{ url: 'ftp://x' }] }, /webhooks\[0\]\.url: expected an http/);
});

const lag = suite('lagSpecSchema');

lag('reads the three models and the bare-duration shorthand', () => {
  assert.equal(lagSpecSchema.parse('400ms'), { model: 'constant', lagMs: 400 });
  assert.equal(lagSpecSchema.parse({ model: 'lognormal', median: '400ms', p99: '3s' }), { model: 'lognormal', medianMs: 400, p99Ms: 3000 });
  assert.is(lagSpecSchema.safeParse({ model: 'lognormal', median: '3s', p99: '1s' }).success, false);
  assert.is(lagSpecSchema.safeParse({ model: 'uniform', min: '3s', max: '1s' }).success, false);
  assert.is(lagSpecSchema.safeParse({ model: 'gamma' }).success, false);
});

const schema = suite('labConfigSchema');

schema('is usable as a zod schema for a scenario target section', () => {
  const r = labConfigSchema.safeParse({ regions: [{ name: 'x' }] });
  assert.ok(r.success);
  assert.is(r.data?.regions[0]?.name, 'x');
});

parse.run();
lag.run();
schema.run();
