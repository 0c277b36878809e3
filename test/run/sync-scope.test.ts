import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { HierarchyNode } from '../../src/scenario/connected.ts';
import { SyncScope } from '../../src/run/sync-scope.ts';

const node = (name: string, parent: string | null, extra: Partial<HierarchyNode> = {}): HierarchyNode =>
  ({ name, parent, mode: 'ReadWrite', repositories: null, syncSchedule: null, syncWindowMs: null, ...extra });

/** cloud → edge (apps/**, cron every 10 s, window 2 s) → line (ReadOnly, apps/web/**); cloud → other (ReadOnly). */
const NODES = [
  node('cloud', null),
  node('edge', 'cloud', { repositories: ['apps/**'], syncSchedule: '*/10 * * * * *', syncWindowMs: 2000 }),
  node('line', 'edge', { mode: 'ReadOnly', repositories: ['apps/web/**'] }),
  node('other', 'cloud', { mode: 'ReadOnly' }),
];
/** Run clock 0 = 2024-01-01T00:00:00Z (a :00 second: the schedule fires at 0, 10 s, 20 s, …). */
const EPOCH0 = Date.UTC(2024, 0, 1);
const scope = (): SyncScope => new SyncScope(NODES, { startMs: 0, toEpochMs: (t) => EPOCH0 + t });

const path = suite('SyncScope.path');
path('up to the common ancestor, then down', () => {
  assert.equal(scope().path('line', 'other'), ['line', 'edge', 'cloud', 'other']);
  assert.equal(scope().path('cloud', 'line'), ['cloud', 'edge', 'line']);
  assert.equal(scope().path('edge', 'edge'), ['edge']);
  assert.is(scope().path('cloud', 'mars'), undefined);
});
path.run();

const reach = suite('SyncScope.reach');
reach('every node entered must hold the repository', () => {
  assert.equal(scope().reach('cloud', 'line', 'apps/web/a'), { kind: 'reaches', path: ['cloud', 'edge', 'line'] });
  const r = scope().reach('cloud', 'line', 'apps/api/a');
  assert.is(r.kind, 'not-synced');
  assert.match(r.kind === 'not-synced' ? r.reason : '', /^not-synced: apps\/api\/a is outside line's repositories \(apps\/web\/\*\*\)$/);
  assert.match(scope().reach('cloud', 'edge', 'tools/x').kind === 'not-synced' ? 'ok' : '', /ok/);
});
reach('a ReadOnly node never syncs up; a ReadWrite one does', () => {
  const r = scope().reach('other', 'cloud', 'apps/x');
  assert.match(r.kind === 'not-synced' ? r.reason : '', /other is ReadOnly and does not sync up to cloud/);
  assert.is(scope().reach('edge', 'other', 'apps/x').kind, 'reaches');
});
reach.run();

const arrival = suite('SyncScope.scheduledArrival');
arrival('inside a window: no wait; outside: the next start', () => {
  assert.equal(scope().scheduledArrival('cloud', 'edge', 'apps/a', 1000), { schedule: 'edge: */10 * * * * *, window 2000ms', allowedAtMs: 1000 });
  assert.is(scope().scheduledArrival('cloud', 'edge', 'apps/a', 3000)?.allowedAtMs, 10_000);
  // Up from the edge is gated by the edge's own schedule too; down to line is continuous.
  assert.is(scope().scheduledArrival('edge', 'cloud', 'apps/a', 12_500)?.allowedAtMs, 20_000);
  assert.is(scope().scheduledArrival('cloud', 'line', 'apps/web/a', 25_000)?.allowedAtMs, 30_000);
});
arrival('no schedule on the path, or not reachable: undefined', () => {
  assert.is(scope().scheduledArrival('cloud', 'other', 'apps/a', 0), undefined);
  assert.is(scope().scheduledArrival('cloud', 'line', 'apps/api/a', 0), undefined);
});
arrival.run();
