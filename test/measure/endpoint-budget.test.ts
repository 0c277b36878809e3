import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { EndpointBudget } from '../../src/measure/endpoint-budget.ts';

const rtt = (minMs: number) => ({ minMs, medianMs: minMs, samplesMs: [minMs] });

test('one-way delay: the given one, else half the kept RTT, measured once per endpoint when none is kept', async () => {
  const measured: string[] = [];
  const budget = new EndpointBudget({ measure: async (e) => (measured.push(e), rtt(e === 'west' ? 40 : 10)), now: () => 0 });
  assert.is(await budget.oneWayDelay('west', 7), 7);
  assert.is(await budget.oneWayDelay('west', undefined), 20);
  assert.is(await budget.oneWayDelay('west', undefined), 20);
  await budget.measureRtt('north');
  assert.is(await budget.oneWayDelay('north', undefined), 5);
  assert.equal(measured, ['west', 'north']);
});

test('an aborted watch stops after the delay is known', async () => {
  const budget = new EndpointBudget({ measure: async () => rtt(4), now: () => 0 });
  try {
    await budget.oneWayDelay('west', 1, AbortSignal.abort());
    assert.unreachable();
  } catch (e) {
    assert.instance(e, AbortedError);
  }
});

test('one limiter per endpoint at the probe rate; none without a rate', () => {
  const budget = new EndpointBudget({ measure: async () => rtt(1), now: () => 0, probeRatePerSecond: 50 });
  const west = budget.limiter('west');
  assert.is(west?.ratePerSecond, 50);
  assert.is(budget.limiter('west'), west);
  assert.is.not(budget.limiter('north'), west);
  assert.is(new EndpointBudget({ measure: async () => rtt(1), now: () => 0 }).limiter('west'), undefined);
});

test.run();
