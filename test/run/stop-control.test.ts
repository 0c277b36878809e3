import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { StopControl } from '../../src/run/stop-control.ts';

const stop = suite('StopControl');

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

stop('a stop fires `stop` at once and `abort` after the grace period', async () => {
  const c = new StopControl({ graceMs: 20 });
  c.requestStop('interrupted (SIGINT)');
  assert.ok(c.stop.aborted);
  assert.not.ok(c.abort.aborted);
  await tick(60);
  assert.ok(c.abort.aborted);
  assert.is(c.reason, 'interrupted (SIGINT)');
  c.dispose();
});

stop('abortNow fires both at once; the first reason is kept', () => {
  const c = new StopControl({ graceMs: 10_000 });
  c.requestStop('first');
  c.abortNow('second');
  assert.ok(c.abort.aborted);
  assert.is(c.reason, 'first');
  c.dispose();
});

stop('follows the caller signals: signal = stop, abortSignal = abort', () => {
  const s = new AbortController();
  const a = new AbortController();
  const c = new StopControl({ signal: s.signal, abortSignal: a.signal, graceMs: 10_000 });
  s.abort('interrupted (SIGINT)');
  assert.ok(c.stop.aborted);
  assert.not.ok(c.abort.aborted);
  a.abort('interrupted twice');
  assert.ok(c.abort.aborted);
  assert.is(c.reason, 'interrupted (SIGINT)');
  c.dispose();
});

stop('a signal that already fired stops at construction; a default reason when none is given', () => {
  const s = new AbortController();
  s.abort();
  const c = new StopControl({ signal: s.signal, graceMs: 0 });
  assert.ok(c.stop.aborted);
  assert.is(c.reason, 'stopped');
  c.dispose();
});

stop('dispose cancels the grace timer', async () => {
  const c = new StopControl({ graceMs: 10 });
  c.requestStop('x');
  c.dispose();
  await tick(30);
  assert.not.ok(c.abort.aborted);
});

stop.run();
