import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { runIdFor, safeName } from '../../src/run/run-id.ts';

const runId = suite('runIdFor');

runId('UTC time to the second, then the scenario name', () => {
  assert.is(runIdFor('smoke', new Date(Date.UTC(2026, 10, 22, 0, 15, 0, 987))), '20261122T001500Z-smoke');
});

runId('ids sort by time as text', () => {
  const a = runIdFor('x', new Date(Date.UTC(2026, 0, 9, 23, 59, 59)));
  const b = runIdFor('x', new Date(Date.UTC(2026, 0, 10, 0, 0, 0)));
  assert.ok(a < b);
});

runId.run();

const safe = suite('safeName');

safe('keeps letters, digits, dot, underscore and dash; the rest becomes one dash', () => {
  assert.is(safeName('lab faults/v2'), 'lab-faults-v2');
  assert.is(safeName('a_b.c-d'), 'a_b.c-d');
});

safe('never empty, never a dot path', () => {
  assert.is(safeName(''), 'run');
  assert.is(safeName('..'), 'run');
  assert.is(safeName('../x'), 'x');
});

safe.run();
