import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { mapConcurrent } from '../../src/oci/concurrency.ts';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const map = suite('mapConcurrent');

map('keeps order and never exceeds the limit', async () => {
  let active = 0;
  let peak = 0;
  const out = await mapConcurrent([5, 1, 4, 2, 3], 2, async (n) => {
    active++;
    peak = Math.max(peak, active);
    for (let i = 0; i < n; i++) await tick();
    active--;
    return n * 10;
  });
  assert.equal(out, [50, 10, 40, 20, 30]);
  assert.is(peak, 2);
  assert.equal(await mapConcurrent([], 4, async () => 1), []);
});

map('the first failure aborts the others and is what is thrown', async () => {
  const seen: boolean[] = [];
  const boom = new Error('boom');
  try {
    await mapConcurrent([0, 1, 2, 3], 2, async (i, _index, signal) => {
      if (i === 0) {
        await tick();
        throw boom;
      }
      for (let k = 0; k < 5; k++) await tick();
      seen.push(signal.aborted);
      if (signal.aborted) throw new AbortedError();
      return i;
    });
    assert.unreachable();
  } catch (e) {
    assert.is(e, boom);
  }
  assert.equal(seen, [true], 'item 1 saw the abort; items 2 and 3 never started');
});

map('a caller abort stops it', async () => {
  const controller = new AbortController();
  controller.abort();
  try {
    await mapConcurrent([1], 1, async () => 1, controller.signal);
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof AbortedError);
  }
});
map.run();
