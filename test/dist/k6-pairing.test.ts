import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PullPairer, type PairedPull, type PullLabels } from '../../src/dist/k6-pairing.ts';

const A: PullLabels = { worker: 'eastus', endpoint: 'eastus', image: 'app:v1', phase: 'warm' };
const B: PullLabels = { worker: 'eastus', endpoint: 'japaneast', image: 'app:v1', phase: 'warm' };

function collect(max?: number): { pairer: PullPairer; pulls: PairedPull[] } {
  const pulls: PairedPull[] = [];
  return { pairer: new PullPairer((p) => pulls.push(p), max), pulls };
}

const pairer = suite('PullPairer');
pairer('pairs a pull\'s bytes, TTFB and duration, in either order of TTFB and duration', () => {
  const { pairer: p, pulls } = collect();
  p.bytes(A, 1500);
  p.ttfb(A, 12_000);
  p.duration(A, 1_000_000, 120_000);
  p.duration(A, 2_000_000, 130_000);
  p.ttfb(A, 13_000);
  assert.equal(pulls, [
    { ...A, timeUs: 1_000_000, durationUs: 120_000, ttfbUs: 12_000, bytes: 1500 },
    { ...A, timeUs: 2_000_000, durationUs: 130_000, ttfbUs: 13_000, bytes: 0 },
  ]);
  assert.equal(p.counts(), { paired: 2, unpairedDurations: 0, unpairedTtfbs: 0 });
});
pairer('keeps series apart however their samples interleave', () => {
  const { pairer: p, pulls } = collect();
  p.ttfb(A, 1);
  p.ttfb(B, 100);
  p.duration(B, 5, 900);
  p.duration(A, 6, 10);
  assert.equal(pulls.map((x) => `${x.endpoint} ${x.durationUs}/${x.ttfbUs}`), ['japaneast 900/100', 'eastus 10/1']);
});
pairer('counts samples left without a partner', () => {
  const { pairer: p, pulls } = collect();
  p.duration(A, 1, 10);
  p.duration(A, 2, 11);
  p.ttfb(B, 3);
  assert.is(pulls.length, 0);
  assert.equal(p.counts(), { paired: 0, unpairedDurations: 2, unpairedTtfbs: 1 });
});
pairer('bounds each queue: beyond maxPending the oldest sample is dropped and counted', () => {
  const { pairer: p, pulls } = collect(3);
  for (let i = 0; i < 10; i++) p.duration(A, i, i);
  assert.equal(p.counts(), { paired: 0, unpairedDurations: 10, unpairedTtfbs: 0 });
  p.ttfb(A, 99);
  assert.equal(pulls.map((x) => x.durationUs), [7]);
});
pairer('pairs many samples first in, first out', () => {
  const { pairer: p, pulls } = collect();
  for (let i = 0; i < 5000; i++) p.duration(A, i, i);
  for (let i = 0; i < 5000; i++) p.ttfb(A, -i);
  assert.is(pulls.length, 5000);
  assert.ok(pulls.every((x, i) => x.durationUs === i && x.ttfbUs === -i));
});
pairer.run();
