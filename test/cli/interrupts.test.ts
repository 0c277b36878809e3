import { EventEmitter } from 'node:events';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { INTERRUPT_SIGNALS, Interrupts, secondSignalHint, type InterruptSignal, type SignalSource } from '../../src/cli/interrupts.ts';
import { ExitCode, interruptExitCode } from '../../src/cli/exit-codes.ts';

class FakeSource extends EventEmitter implements SignalSource {
  send(signal: InterruptSignal): void {
    this.emit(signal);
  }
}

const interrupts = suite('Interrupts');

interrupts('nothing fires and no exit code before a signal; it listens to SIGINT and SIGTERM', () => {
  const source = new FakeSource();
  const i = new Interrupts({ source });
  assert.is(i.stop.aborted, false);
  assert.is(i.abort.aborted, false);
  assert.is(i.first, undefined);
  assert.is(i.exitCode, undefined);
  for (const s of INTERRUPT_SIGNALS) assert.is(source.listenerCount(s), 1, s);
  i.dispose();
});

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  interrupts(`the first ${signal}: stop fires (reason names it), abort does not, exit ${code}`, () => {
    const source = new FakeSource();
    const seen: string[] = [];
    const i = new Interrupts({ source, onFirst: (s) => seen.push(`first ${s}`), onSecond: (s) => seen.push(`second ${s}`) });
    source.send(signal);
    assert.is(i.stop.aborted, true);
    assert.is(i.stop.reason, `interrupted (${signal})`);
    assert.is(i.abort.aborted, false);
    assert.is(i.first, signal);
    assert.is(i.count, 1);
    assert.is(i.exitCode, code);
    assert.equal(seen, [`first ${signal}`]);
    i.dispose();
  });
}

interrupts('the second signal (either kind) aborts; the exit code stays that of the first', () => {
  const source = new FakeSource();
  const seen: string[] = [];
  const i = new Interrupts({ source, onFirst: (s) => seen.push(`first ${s}`), onSecond: (s) => seen.push(`second ${s}`) });
  source.send('SIGTERM');
  source.send('SIGINT');
  assert.is(i.abort.aborted, true);
  assert.is(i.abort.reason, 'interrupted again (SIGINT)');
  assert.is(i.exitCode, ExitCode.terminated);
  assert.equal(seen, ['first SIGTERM', 'second SIGINT']);
  // A third from an injected source is one more "second": the process is never signalled from a test.
  source.send('SIGINT');
  assert.is(i.count, 3);
  assert.equal(seen, ['first SIGTERM', 'second SIGINT', 'second SIGINT']);
  assert.is(i.abort.reason, 'interrupted again (SIGINT)');
  i.dispose();
});

interrupts('dispose removes both listeners: later signals change nothing', () => {
  const source = new FakeSource();
  const i = new Interrupts({ source });
  i.dispose();
  for (const s of INTERRUPT_SIGNALS) assert.is(source.listenerCount(s), 0, s);
  source.send('SIGTERM');
  assert.is(i.stop.aborted, false);
  assert.is(i.exitCode, undefined);
});

interrupts('on the process: a SIGTERM sent to this process stops, and the default action is back after dispose', async () => {
  const before = process.listenerCount('SIGTERM');
  const i = new Interrupts();
  assert.is(process.listenerCount('SIGTERM'), before + 1);
  const stopped = new Promise<void>((resolve) => i.stop.addEventListener('abort', () => resolve(), { once: true }));
  // A signal handle does not keep the loop alive: a timer does, until the signal arrives.
  const keepAlive = setTimeout(() => undefined, 10_000);
  process.kill(process.pid, 'SIGTERM');
  await stopped;
  clearTimeout(keepAlive);
  assert.is(i.exitCode, 143);
  i.dispose();
  assert.is(process.listenerCount('SIGTERM'), before);
});

const codes = suite('interruptExitCode');

codes('128 + the signal number: SIGINT 130, SIGTERM 143', () => {
  assert.is(interruptExitCode('SIGINT'), 130);
  assert.is(interruptExitCode('SIGTERM'), 143);
  assert.is(ExitCode.interrupted, 130);
  assert.is(ExitCode.terminated, 143);
});

const hint = suite('secondSignalHint');

hint('Ctrl-C for a terminal, a second signal for an orchestrator', () => {
  assert.match(secondSignalHint('SIGINT'), /Ctrl-C again/);
  assert.match(secondSignalHint('SIGTERM'), /second SIGTERM/);
});

interrupts.run();
codes.run();
hint.run();
