import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { OpenTarget } from '../../src/run/driver.ts';
import { inProcessWorkers } from '../../src/run/workers.ts';
import { FakeWorker } from './fake-worker.ts';
import { tinyScenario } from './tiny-scenario.ts';

const workers = suite('inProcessWorkers');

const targetOf = (extra: Partial<OpenTarget> = {}): OpenTarget => ({
  recordsHarness: true,
  preflight: () => Promise.resolve({ minMs: 1, medianMs: 1, samplesMs: [1] }),
  pusher: { pushImage: () => Promise.reject(new Error('not here')) },
  workerIn: (region) => new FakeWorker(region),
  close: async () => undefined,
  ...extra,
});

workers('one worker per region, made by the target in that region; an unknown region is an error', async () => {
  const w = inProcessWorkers(tinyScenario(), targetOf());
  try {
    assert.equal([...w.workers.keys()], ['a', 'b']);
    assert.is(w.workerFor('b').region, 'b');
    assert.throws(() => w.workerFor('zz'), /no worker/);
    assert.is(w.loaderFor, undefined);
  } finally {
    await w.close();
  }
});

workers('load workers come from the target when it has them', async () => {
  const made: string[] = [];
  const w = inProcessWorkers(tinyScenario(), targetOf({ loaderIn: (r) => (made.push(r), { region: r } as unknown as ReturnType<NonNullable<OpenTarget['loaderIn']>>) }));
  w.loaderFor?.('a');
  assert.equal(made, ['a']);
  await w.close();
});

workers.run();
