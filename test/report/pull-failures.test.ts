import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pullErrorEvent, pullEvent } from '../../src/measure/records.ts';
import { foldEvents } from '../../src/report/fold.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';
import { pullFailuresOf, pullFailuresSection } from '../../src/report/pull-failures.ts';
import type { ReplEvent } from '../../src/run/events.ts';
import { runEvents, START } from './fixtures.ts';

const labels = { worker: 'eastus', endpoint: 'westeurope', image: 'app/img-0', phase: 'warm' as const, startedAtMs: 0 };
const ok = (t: number): ReplEvent => pullEvent({ outcome: 'pulled', ...labels, durationMs: 100, ttfbMs: 40, bytes: 10 }, t);
const fail = (t: number, code: string): ReplEvent => pullErrorEvent({ outcome: 'failed', ...labels, code, message: 'boom' }, t);

const fold = suite('pullFailuresOf');
fold('counts failed pulls per series by code beside the pulls that completed', () => {
  const p = pullFailuresOf([ok(1), ok(2), fail(3, 'E_REGISTRY'), fail(4, 'E_REGISTRY'), fail(5, 'E_AUTH'), { type: 'error', t: 6, code: 'E_PUSH', message: 'x', phase: 'push' }]);
  assert.equal(p, {
    failed: { 'endpoint=westeurope,worker=eastus': { worker: 'eastus', endpoint: 'westeurope', pulled: 2, failed: 3, byCode: { E_AUTH: 1, E_REGISTRY: 2 } } },
    droppedArrivals: {},
  });
});
fold('sums dropped arrivals per worker; nothing failed and nothing dropped is no part at all', () => {
  const drop = (worker: string, count: number): ReplEvent => ({ type: 'dropped-arrivals', t: 9, labels: { worker }, count, source: 'k6' });
  assert.equal(pullFailuresOf([ok(1), drop('b', 2), drop('a', 1), drop('b', 3), drop('c', 0)])?.droppedArrivals, { a: 1, b: 5 });
  assert.is(pullFailuresOf([ok(1), drop('a', 0)]), undefined);
  assert.is(pullFailuresOf(runEvents()), undefined);
});
fold.run();

const section = suite('pullFailuresSection');
section('is empty without failures, else tables of failed pulls and dropped arrivals', () => {
  assert.is(pullFailuresSection(undefined), '');
  const text = pullFailuresSection(pullFailuresOf([ok(1), fail(2, 'E_REGISTRY'), { type: 'dropped-arrivals', t: 3, labels: { worker: 'eastus' }, count: 4, source: 'k6' }]));
  assert.match(text, /\| eastus \| westeurope \| 1 \| \*\*1\*\* \| E_REGISTRY ×1 \|/);
  assert.match(text, /\| eastus \| \*\*4\*\* \|/);
});
section.run();

const report = suite('foldEvents (pull failures, pull-only logs)');
report('marks the series of a worker that dropped arrivals, and a pull-only log reports no replication', () => {
  const events: ReplEvent[] = [
    { ...START, regions: ['eastus', 'westeurope'] },
    { type: 'phase', t: 0, phase: 'k6', state: 'start' },
    ok(1),
    { type: 'dropped-arrivals', t: 2, labels: { worker: 'eastus' }, count: 3, source: 'k6' },
    { type: 'run-end', t: 3, finishedAt: '2026-01-01T00:00:01.000Z', complete: true },
  ];
  const r = foldEvents(events);
  assert.equal(r.series.filter((s) => s.metric === 'pull_duration').map((s) => s.lostArrivals), [3]);
  assert.equal(r.outcomes, {});
  const md = renderMarkdown(r);
  assert.not.match(md, /Replication/);
  assert.match(md, /## Dropped arrivals/);
});
report('a replbench run that replicated nothing still says so', () => {
  const r = foldEvents([{ ...START, regions: ['eastus', 'westeurope'] }, { type: 'phase', t: 0, phase: 'push', state: 'start' }]);
  assert.ok(Object.keys(r.outcomes).length > 0);
  assert.match(renderMarkdown(r), /No artifact was seen replicated/);
});
report.run();
