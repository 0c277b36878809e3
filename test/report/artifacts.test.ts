import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { artifactsOf } from '../../src/report/artifacts.ts';
import { foldEvents } from '../../src/report/fold.ts';
import type { ReplEvent } from '../../src/events/index.ts';
import { runEvents } from './fixtures.ts';

const of = suite('artifactsOf');
of('keeps one record per artifact and region, every outcome, sorted by region then commit time', () => {
  const list = artifactsOf(runEvents());
  assert.is(list.length, 200);
  assert.equal([...new Set(list.map((a) => a.region))], ['japaneast', 'westeurope']);
  const japan = list.filter((a) => a.region === 'japaneast');
  assert.equal(japan.map((a) => a.outcome).filter((o) => o !== 'replicated').sort(), ['inconsistent', 'timed-out']);
  for (let i = 1; i < japan.length; i++) assert.ok((japan[i]?.committedUs ?? 0) >= (japan[i - 1]?.committedUs ?? 0));
});
of('takes the commit point from the push record, the lag and bound from the replication record', () => {
  const first = artifactsOf(runEvents()).find((a) => a.region === 'westeurope' && a.image === 'img-1');
  assert.equal(first, {
    region: 'westeurope', image: 'img-1', digest: 'sha256:1', verdictUs: 1_100_000, probes: 10,
    outcome: 'replicated', committedUs: 500_000, lagUs: 1000, uncertaintyUs: 2000,
  });
  const timedOut = artifactsOf(runEvents()).find((a) => a.outcome === 'timed-out');
  assert.is(timedOut?.reason, 'no hit within 10s');
  assert.is(timedOut?.committedUs, 500_000 + 98 * 1000);
});
of('without a push record, estimates the commit as record time − lag (or the record time)', () => {
  const events: ReplEvent[] = [
    { type: 'replication', t: 5_000_000, outcome: 'replicated', labels: { region: 'r', image: 'a', digest: 'd' }, valueUs: 1_500_000, uncertaintyUs: 10, probes: 3 },
    { type: 'replication', t: 9_000_000, outcome: 'errored', reason: '500', labels: { region: 'r', image: 'b', digest: 'e' }, probes: 4 },
  ];
  assert.equal(artifactsOf(events).map((a) => a.committedUs), [3_500_000, 9_000_000]);
});
of('is part of the folded report', () => {
  assert.is(foldEvents(runEvents()).artifacts.length, 200);
  assert.equal(foldEvents(runEvents()).scenarioSnapshot, { name: 'smoke' });
});
of.run();
