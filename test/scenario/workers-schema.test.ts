import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { checkRemoteCoverage, resolveWorkers } from '../../src/scenario/workers-schema.ts';
import { labScenario, messageOf } from './fixtures.ts';

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

const coverage = suite('checkRemoteCoverage');

coverage('remote mode: pull, load and watch-from-worker regions need an expected worker', () => {
  const remote = { mode: 'remote' as const, expect: ['a'], joinTimeoutMs: 1 };
  assert.match(failure(() => checkRemoteCoverage(remote, { pullWorkers: ['a', 'b'], loadWorkers: [], watchRegions: [] }, fail)), /^pull\.workers: expected every pull worker region among workers\.expect \(a\), found "b" missing there$/);
  assert.match(failure(() => checkRemoteCoverage(remote, { pullWorkers: ['a'], loadWorkers: [], watchRegions: ['b'] }, fail)), /^replication\.watchFrom:/);
  assert.is(failure(() => checkRemoteCoverage({ ...remote, mode: 'in-process' }, { pullWorkers: ['b'], loadWorkers: ['b'], watchRegions: ['b'] }, fail)), '');
  assert.match(messageOf(() => resolveScenario(labScenario({ workers: { mode: 'remote', expect: ['a'] }, pull: { workers: ['a'] }, replication: { watchFrom: 'worker' } }))), /replication\.watchFrom: expected every replica region watched from its worker among workers\.expect \(a\), found "b"/);
});

coverage.run();
