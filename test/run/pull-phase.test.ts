import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { plannedPulls, runPullPhase } from '../../src/run/pull-phase.ts';
import { FakeWorker } from './fake-worker.ts';

const images = (endpoint: string): { image: string; repo: string; reference: string }[] =>
  endpoint === 'c' ? [] : [{ image: 'r:1', repo: 'r', reference: 'sha256:1' }, { image: 's:1', repo: 's', reference: 'sha256:2' }];

const pairs = [{ worker: 'a', endpoint: 'a' }, { worker: 'a', endpoint: 'b' }, { worker: 'a', endpoint: 'c' }, { worker: 'b', endpoint: 'a' }];

const planned = suite('plannedPulls');

planned('one cold pull per chain, `iterations` warm ones; endpoints without images add nothing', () => {
  assert.is(plannedPulls({ pairs, imagesAt: images, phases: ['cold', 'warm'], iterations: 2 }), 3 * 2 * 3);
  assert.is(plannedPulls({ pairs, imagesAt: images, phases: ['cold'], iterations: 2 }), 3 * 2);
  assert.is(plannedPulls({ pairs, imagesAt: images, phases: ['warm'], iterations: 1 }), 3 * 2);
});

planned.run();

const phase = suite('runPullPhase');

phase('cold then warm for every pair and image, by the pair’s worker, bounded per worker', async () => {
  const workers = { a: new FakeWorker('a'), b: new FakeWorker('b') };
  const seen: string[] = [];
  const r = await runPullPhase({
    pairs,
    workerFor: (w) => workers[w as 'a' | 'b'],
    imagesAt: images,
    iterations: 1,
    concurrency: 2,
    phases: ['cold', 'warm'],
    onResult: (x) => seen.push(`${x.worker}>${x.endpoint} ${x.image} ${x.phase}`),
  });
  assert.ok(r.complete);
  assert.is(r.results.length, 12);
  assert.ok(seen.includes('a>b s:1 cold') && seen.includes('a>b s:1 warm') && seen.includes('b>a r:1 warm'));
  assert.ok(workers.a.pulls.every((t) => t.reference.startsWith('sha256:')));
  assert.not.ok(seen.some((s) => s.includes('>c')));
});

phase('without the cold phase the first pull only warms up and is not reported', async () => {
  const w = new FakeWorker('a');
  const r = await runPullPhase({ pairs: [{ worker: 'a', endpoint: 'a' }], workerFor: () => w, imagesAt: images, iterations: 2, concurrency: 1, phases: ['warm'] });
  assert.equal(r.results.map((x) => x.phase), ['warm', 'warm', 'warm', 'warm']);
  assert.is(w.pulls.length, 6);
});

phase('a stop leaves the remaining pulls unmade and the phase incomplete', async () => {
  const w = new FakeWorker('a', { pullMs: 5 });
  const stop = new AbortController();
  const r = await runPullPhase({ pairs: [{ worker: 'a', endpoint: 'a' }], workerFor: () => w, imagesAt: images, iterations: 3, concurrency: 1, phases: ['cold', 'warm'], stop: stop.signal, onResult: () => stop.abort() });
  assert.not.ok(r.complete);
  assert.is(r.results.length, 1);
});

phase.run();
