import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { connectedMarkdown, connectedOf, NOT_SYNCED } from '../../../src/report/sections/connected.ts';
import { foldEvents } from '../../../src/report/fold.ts';
import { buildSummary } from '../../../src/report/summary.ts';
import { runEvents } from '../fixtures.ts';
import { connectedEvents } from '../feature-events.ts';

const of = suite('connectedOf');
of('directions by each image\'s push region; write checks; sync timing; not-synced counts', () => {
  const c = connectedOf(connectedEvents(), 'cloud');
  assert.equal(c?.directions, {
    'cloud->edge': { replicated: 1, timedOut: 1, notSynced: 1, errored: 0, inconsistent: 0, p50Ms: 3000, p90Ms: 3000, maxMs: 3000 },
    'cloud->line1': { replicated: 0, timedOut: 1, notSynced: 0, errored: 0, inconsistent: 0, p50Ms: null, p90Ms: null, maxMs: null },
    'edge->cloud': { replicated: 1, timedOut: 0, notSynced: 0, errored: 0, inconsistent: 0, p50Ms: 1000, p90Ms: 1000, maxMs: 1000 },
  });
  assert.equal(c?.writeChecks, { line1: { denied: 1, accepted: 0, errored: 0 } });
  assert.equal(c?.sync, { edge: { schedule: 'edge: every 10s', samples: 1, scheduledWaitP50Ms: 2800, syncP50Ms: 200, syncP90Ms: 200, syncMaxMs: 200 } });
  assert.equal(c?.notSynced, { edge: 1 });
  assert.is(NOT_SYNCED, 'not-synced');
});
of('absent for an ordinary single-origin run; in summary.json before thresholds otherwise', () => {
  assert.is(connectedOf(runEvents(), 'eastus'), undefined);
  const summary = buildSummary(foldEvents(connectedEvents()));
  assert.equal(Object.keys(summary).slice(-2), ['connected', 'thresholds']);
});
of.run();

const markdown = suite('connectedMarkdown');
markdown('directions, refused pushes and sync timing', () => {
  const md = connectedMarkdown(foldEvents(connectedEvents()).connected ?? { directions: {}, writeChecks: {}, sync: {}, notSynced: {} });
  assert.match(md, /\| cloud → edge \| 1 \| 0 \| 1 \| 0 \| 3s \| 3s \| 3s \|/);
  assert.match(md, /\| line1 \| 1 \| 0 \| 0 \|/);
  assert.match(md, /\| edge \| edge: every 10s \| 1 \| 2\.8s \| 200ms \| 200ms \| 200ms \|/);
  assert.is(foldEvents(runEvents()).connected, undefined);
});
markdown.run();
