import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import {
  alsoPushSchema,
  checkOciHierarchy,
  hierarchyOf,
  readOnlyRegions,
  resolveConnectedRegion,
  resolvePushStreams,
  writable,
} from '../../src/scenario/connected.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { tinyScenarioDoc, type Doc } from '../run/tiny-scenario.ts';

const fail = (path: readonly (string | number)[] | string, message: string): never => {
  throw new ConfigError(`${Array.isArray(path) ? path.join('.') : String(path)}: ${message}`);
};

/** cloud → edge (ReadWrite, apps/**) → child (ReadOnly). */
function hierarchyDoc(extra: Doc = {}): Doc {
  return tinyScenarioDoc({
    target: {
      kind: 'lab',
      topology: {
        kind: 'hierarchy',
        nodes: [
          { name: 'cloud' },
          { name: 'edge', parent: 'cloud', mode: 'ReadWrite', repositories: ['apps/**'], syncSchedule: 'every 10s', syncWindow: '2s' },
          { name: 'child', parent: 'edge', mode: 'ReadOnly' },
        ],
      },
    },
    origin: 'cloud',
    workload: { images: 4, repository: 'apps/app-{i}', layers: 1, layerSize: '4KiB' },
    pull: { workers: 'all', endpoints: 'local' },
    thresholds: {},
    ...extra,
  });
}

const schema = suite('alsoPushSchema');
schema('entries name an origin and may name repository and tag templates', () => {
  assert.ok(alsoPushSchema.safeParse([{ origin: 'edge', repository: 'factory/x-{i}', tag: 'v{i}' }]).success);
  assert.not.ok(alsoPushSchema.safeParse([]).success);
  assert.not.ok(alsoPushSchema.safeParse([{ origin: 'edge', repository: 'Bad Repo' }]).success);
});
schema.run();

const streams = suite('resolvePushStreams');
streams('stream 0 is the origin with the workload templates, then each alsoPush entry', () => {
  const s = resolveScenario(hierarchyDoc({ workload: { images: 4, repository: 'apps/app-{i}', layers: 1, layerSize: '4KiB', alsoPush: [{ origin: 'edge', repository: 'apps/edge-{i}' }] } }));
  assert.equal(s.pushStreams, [
    { origin: 'cloud', repository: 'apps/app-{i}', tag: 'v1' },
    { origin: 'edge', repository: 'apps/edge-{i}', tag: 'v1' },
  ]);
});
streams('refuses a ReadOnly origin, a repository outside the subset and an unknown region', () => {
  const also = (a: Doc): Doc => hierarchyDoc({ workload: { images: 4, repository: 'apps/app-{i}', layers: 1, layerSize: '4KiB', alsoPush: [a] } });
  assert.throws(() => resolveScenario(also({ origin: 'child' })), /workload\.alsoPush\[0\]\.origin.*"child"/);
  assert.throws(() => resolveScenario(also({ origin: 'edge', repository: 'other/x-{i}' })), /accepts pushes to other\/x-\{i\}/);
  assert.throws(() => resolveScenario(also({ origin: 'mars' })), /"mars"/);
});
streams('with streams from other origins, thresholds may name the origin region', () => {
  const s = resolveScenario(hierarchyDoc({
    workload: { images: 4, repository: 'apps/app-{i}', layers: 1, layerSize: '4KiB', alsoPush: [{ origin: 'edge' }] },
    thresholds: { 'replication_lag{region:cloud}': ['max<20s'] },
  }));
  assert.is(s.thresholds.parsed.length, 1);
  assert.throws(() => resolveScenario(hierarchyDoc({ thresholds: { 'replication_lag{region:cloud}': ['max<20s'] } })), /origin is not watched/);
  const target = resolveScenario(hierarchyDoc()).target;
  assert.equal(resolvePushStreams('cloud', { repository: 'apps/r', tag: 't' }, undefined, { regions: ['cloud', 'edge', 'child'], target }, fail), [
    { origin: 'cloud', repository: 'apps/r', tag: 't' },
  ]);
});
streams.run();

const hier = suite('hierarchyOf, readOnlyRegions, writable');
hier('reads a lab hierarchy', () => {
  const t = resolveScenario(hierarchyDoc()).target;
  assert.equal(hierarchyOf(t), [
    { name: 'cloud', mode: 'ReadWrite', parent: null, repositories: null, syncSchedule: null, syncWindowMs: null },
    { name: 'edge', mode: 'ReadWrite', parent: 'cloud', repositories: ['apps/**'], syncSchedule: 'every 10s', syncWindowMs: 2000 },
    { name: 'child', mode: 'ReadOnly', parent: 'edge', repositories: null, syncSchedule: null, syncWindowMs: null },
  ]);
  assert.equal(readOnlyRegions(t), ['child']);
  assert.ok(writable(t, 'edge', 'apps/x'));
  assert.not.ok(writable(t, 'edge', 'other/x'));
  assert.not.ok(writable(t, 'child', 'apps/x'));
});
hier('a multi-master lab has no hierarchy but may have ReadOnly regions', () => {
  const t = resolveScenario(tinyScenarioDoc({ target: { kind: 'lab', regions: [{ name: 'a' }, { name: 'b', mode: 'ReadOnly' }] } })).target;
  assert.is(hierarchyOf(t), null);
  assert.equal(readOnlyRegions(t), ['b']);
});
hier('reads an oci target whose regions carry hierarchy fields', () => {
  const s = resolveScenario(tinyScenarioDoc({
    target: {
      kind: 'oci',
      regions: [
        { name: 'a', endpoint: 'https://reg.example' },
        { name: 'b', endpoint: 'http://10.0.0.2:8080', insecure: true, parent: 'a', mode: 'ReadOnly', repositories: ['apps/*'], syncSchedule: '0 9 * * *', syncWindow: 'PT3H' },
      ],
    },
    workload: { images: 2, repository: 'apps/app-{i}', layers: 1, layerSize: '4KiB' },
  }));
  assert.equal(hierarchyOf(s.target)?.[1], { name: 'b', mode: 'ReadOnly', parent: 'a', repositories: ['apps/*'], syncSchedule: '0 9 * * *', syncWindowMs: 3 * 3600e3 });
  assert.equal(readOnlyRegions(s.target), ['b']);
  const plain = resolveScenario(tinyScenarioDoc({ target: { kind: 'oci', regions: [{ name: 'a', endpoint: 'https://x.example' }, { name: 'b', endpoint: 'https://y.example' }] } }));
  assert.is(hierarchyOf(plain.target), null);
});
hier.run();

const node = suite('resolveConnectedRegion, checkOciHierarchy');
node('no field written: undefined; some: defaults for the rest', () => {
  assert.is(resolveConnectedRegion({}), undefined);
  assert.equal(resolveConnectedRegion({ parent: 'a' }), { mode: 'ReadWrite', parent: 'a', repositories: null, syncSchedule: null, syncWindowMs: null });
});
node('unknown parents, cycles, bad schedules and windows without schedules fail at their field', () => {
  const n = (parent: string | null, extra: Partial<{ syncSchedule: string; syncWindowMs: number }> = {}) =>
    ({ mode: 'ReadWrite' as const, parent, repositories: null, syncSchedule: extra.syncSchedule ?? null, syncWindowMs: extra.syncWindowMs ?? null });
  assert.throws(() => checkOciHierarchy([{ name: 'a', connected: n('zz') }], fail), /regions\.0\.parent.*"zz"/);
  assert.throws(() => checkOciHierarchy([{ name: 'a', connected: n('b') }, { name: 'b', connected: n('a') }], fail), /cycle/);
  assert.throws(() => checkOciHierarchy([{ name: 'a' }, { name: 'b', connected: n('a', { syncSchedule: 'whenever' }) }], fail), /syncSchedule/);
  assert.throws(() => checkOciHierarchy([{ name: 'a' }, { name: 'b', connected: n('a', { syncWindowMs: 5 }) }], fail), /syncWindow/);
  checkOciHierarchy([{ name: 'a' }, { name: 'b', connected: n('a', { syncSchedule: 'every 30s', syncWindowMs: 5 }) }], fail);
});
node.run();
