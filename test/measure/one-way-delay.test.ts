import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { evaluationWindow, oneWayDelayMs } from '../../src/measure/one-way-delay.ts';

const owd = suite('oneWayDelayMs');
owd('is half the minimum RTT, never negative', () => {
  assert.is(oneWayDelayMs({ minMs: 80 }), 40);
  assert.is(oneWayDelayMs({ minMs: -2 }), 0);
});
owd.run();

const win = suite('evaluationWindow');
win('the registry looked between send + delay and answer − delay', () => {
  assert.equal(evaluationWindow({ sentAtMs: 1000, atMs: 1100 }, 40), { earliestMs: 1040, latestMs: 1060 });
  assert.equal(evaluationWindow({ sentAtMs: 1000, atMs: 1080 }, 40), { earliestMs: 1040, latestMs: 1040 });
  assert.equal(evaluationWindow({ sentAtMs: 1000, atMs: 1100 }, 0), { earliestMs: 1000, latestMs: 1100 });
});
win('a probe quicker than the estimate allows collapses to its midpoint', () => {
  assert.equal(evaluationWindow({ sentAtMs: 1000, atMs: 1060 }, 40), { earliestMs: 1030, latestMs: 1030 });
});
win.run();
