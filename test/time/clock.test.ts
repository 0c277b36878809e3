import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AbortedError } from '../../src/errors.ts';
import { realClock, realSleep, throwIfAborted } from '../../src/time/clock.ts';

const sleep = suite('realSleep');
sleep('waits and resolves; a fired signal rejects with AbortedError', async () => {
  const before = realClock.now();
  await realSleep(1);
  assert.ok(realClock.now() >= before);
  const ctl = new AbortController();
  const pending = realSleep(60_000, ctl.signal);
  ctl.abort();
  try {
    await pending;
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, AbortedError);
  }
});
sleep('an already aborted signal rejects at once', async () => {
  try {
    await realSleep(60_000, AbortSignal.abort());
    assert.unreachable('should reject');
  } catch (err) {
    assert.instance(err, AbortedError);
  }
});
sleep.run();

const abort = suite('throwIfAborted');
abort('throws only for a fired signal, naming what was aborted', () => {
  throwIfAborted(undefined);
  throwIfAborted(new AbortController().signal);
  assert.throws(() => throwIfAborted(AbortSignal.abort(), 'the pull'), (e: unknown) => e instanceof AbortedError && /the pull/.test(e.message));
});
abort.run();
