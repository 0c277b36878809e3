import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EVENT_SCHEMAS, parseEvent, type ReplEvent } from '../../src/events/index.ts';
import { runEvents } from '../report/fixtures.ts';

const parse = suite('parseEvent');
parse('accepts every record of a real run, unchanged after a JSON round trip', () => {
  for (const event of runEvents()) {
    const parsed = parseEvent(JSON.parse(JSON.stringify(event)));
    assert.is(parsed.kind, 'event', JSON.stringify(event));
    if (parsed.kind === 'event') assert.equal(parsed.event, JSON.parse(JSON.stringify(event)));
  }
});
parse('knows every type of the union', () => {
  const types: ReplEvent['type'][] = [
    'run-start', 'phase', 'push', 'replication', 'pull', 'pull-redirect', 'error', 'run-end', 'load', 'load-end', 'worker-joined', 'worker-lost',
    'clock-offset', 'egress-prices', 'replication-signal', 'signal-stats', 'sync-timing', 'write-check', 'health', 'dropped-arrivals', 'machine-load',
  ];
  assert.equal(Object.keys(EVENT_SCHEMAS).sort(), [...types].sort());
});
parse('reports unknown types so readers can skip them', () => {
  assert.equal(parseEvent({ type: 'probe', t: 5 }), { kind: 'unknown-type', type: 'probe' });
});
parse('rejects records with missing or mistyped fields, naming the field', () => {
  const bad = parseEvent({ type: 'pull', t: 1, labels: { worker: 'a', endpoint: 'b', image: 'c', phase: 'hot' }, durationUs: 1, ttfbUs: 1, bytes: 1 });
  assert.is(bad.kind, 'invalid');
  if (bad.kind === 'invalid') assert.match(bad.reason, /pull event, field labels\.phase/);
  const lagless = parseEvent({ type: 'replication', t: 1, outcome: 'replicated', labels: { region: 'r', image: 'i', digest: 'd' }, probes: 3, uncertaintyUs: 1 });
  assert.is(lagless.kind, 'invalid');
  assert.is(parseEvent([1]).kind, 'invalid');
  assert.is(parseEvent(null).kind, 'invalid');
  assert.is(parseEvent({ t: 1 }).kind, 'invalid');
  assert.is(parseEvent({ type: 'push', t: -1, labels: { image: 'i', repo: 'r' }, valueUs: 1 }).kind, 'invalid');
});
parse('a non-replicated outcome needs a reason and no lag', () => {
  const timedOut = { type: 'replication', t: 1, outcome: 'timed-out', labels: { region: 'r', image: 'i', digest: 'd' }, probes: 3 };
  assert.is(parseEvent(timedOut).kind, 'invalid');
  assert.is(parseEvent({ ...timedOut, reason: 'no hit in 10s' }).kind, 'event');
});
parse('drops unknown fields of a known type (forward compatible)', () => {
  const parsed = parseEvent({ type: 'phase', t: 3, phase: 'push', state: 'start', extra: 1 });
  assert.equal(parsed, { kind: 'event', event: { type: 'phase', t: 3, phase: 'push', state: 'start' } });
});
parse.run();
