import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createProgressRenderer, doneText, formatSeconds, liveText, paceText } from '../../src/cli/progress.ts';
import { ProgressTracker } from '../../src/run/progress.ts';

function snapshot() {
  const t = new ProgressTracker(['westeurope', 'japaneast']);
  t.push.total = 6;
  t.push.done = 4;
  Object.assign(t.region('westeurope'), { replicated: 3, settled: 3, total: 4 });
  Object.assign(t.region('japaneast'), { replicated: 1, settled: 2, total: 4 });
  t.pull.total = 10;
  t.pull.done = 7;
  return t.snapshot();
}

const text = suite('liveText / doneText');

text('pushed n/N and replicated n/N per region; pulls n/N', () => {
  assert.is(liveText('push', snapshot()), 'push   pushed 4/6 · replicated westeurope 3/4, japaneast 1/4 (1 not replicated)');
  assert.is(liveText('watch', snapshot()), 'watch  pushed 4/6 · replicated westeurope 3/4, japaneast 1/4 (1 not replicated)');
  assert.is(liveText('pull', snapshot()), 'pull   pulls 7/10');
  assert.is(doneText('watch', snapshot(), 2345), 'watch  replicated westeurope 3/4, japaneast 1/4 (1 not replicated) in 2.3 s');
  assert.is(doneText('push', snapshot(), 1000), 'push   4/6 images pushed in 1.0 s');
});

text('while a large layer is hashed before its push, the push line says how far', () => {
  const hashing = { ...snapshot(), hashing: { hashedBytes: 3 * 1024 ** 3, sizeBytes: 64 * 1024 ** 3 } };
  assert.is(liveText('push', hashing), 'push   pushed 4/6 · hashing a layer 3GiB/64GiB · replicated westeurope 3/4, japaneast 1/4 (1 not replicated)');
  const t = new ProgressTracker([]);
  t.hashing = { hashedBytes: 1, sizeBytes: 2 };
  assert.equal(t.snapshot().hashing, { hashedBytes: 1, sizeBytes: 2 });
});

text('pace: elapsed, then rate and ETA once a second has passed', () => {
  assert.is(paceText('pull', snapshot(), 500), ' · 0.5 s');
  assert.is(paceText('pull', snapshot(), 3500), ' · 3.5 s, 2.0/s, ETA 1.5 s');
  // watch: 5 of 8 watches settled in 100 s → 0.05/s, 3 left → 60 s.
  assert.is(paceText('watch', snapshot(), 100_000), ' · 1m40s, 0.1/s, ETA 1m00s');
  const done = snapshot();
  assert.is(paceText('push', { ...done, push: { done: 6, failed: 0, total: 6 } }, 2000), ' · 2.0 s, 3.0/s');
  assert.equal([0, 999, 59_940, 60_000, 125_000].map(formatSeconds), ['0.0 s', '1.0 s', '59.9 s', '1m00s', '2m05s']);
});

text.run();

const renderer = suite('createProgressRenderer');

const sink = () => {
  let out = '';
  return { write: (t: string) => (out += t), text: () => out };
};

renderer('without a TTY: one line per phase when it completes, nothing live', () => {
  const s = sink();
  const r = createProgressRenderer(s, { tty: false });
  r.onProgress({ kind: 'phase-start', phase: 'pull', snapshot: snapshot() });
  r.onProgress({ kind: 'update', phase: 'pull', snapshot: snapshot() });
  r.onProgress({ kind: 'phase-end', phase: 'pull', elapsedMs: 1500, snapshot: snapshot() });
  r.finish();
  assert.is(s.text(), 'pull   7/10 pulls in 1.5 s\n');
});

renderer('on a TTY: a live line redrawn in place (throttled), cleared when the phase ends', () => {
  const s = sink();
  let t = 0;
  const r = createProgressRenderer(s, { tty: true, columns: 100, redrawMs: 100, now: () => t });
  r.onProgress({ kind: 'phase-start', phase: 'pull', snapshot: snapshot() });
  t = 50;
  r.onProgress({ kind: 'update', phase: 'pull', snapshot: snapshot() }); // throttled
  t = 200;
  r.onProgress({ kind: 'update', phase: 'pull', snapshot: snapshot() });
  r.onProgress({ kind: 'phase-end', phase: 'pull', elapsedMs: 1500, snapshot: snapshot() });
  r.finish();
  assert.is(s.text(), '\r\x1b[2Kpull   pulls 7/10 · 0.0 s\r\x1b[2Kpull   pulls 7/10 · 0.2 s\r\x1b[2Kpull   7/10 pulls in 1.5 s\n');
});

renderer('the live line is cut to the terminal width; notes go above it', () => {
  const s = sink();
  const r = createProgressRenderer(s, { tty: true, columns: 40 });
  r.onProgress({ kind: 'phase-start', phase: 'push', snapshot: snapshot() });
  r.note('stopping');
  const lines = s.text().split(/\r\x1b\[2K|\n/).filter((l) => l !== '');
  assert.ok(lines.every((l) => l.length < 40), JSON.stringify(lines));
  assert.ok(lines.includes('stopping'));
  assert.ok(s.text().endsWith('…'));
});

renderer('without a TTY: a progress line every heartbeatMs while a phase runs, none after it', async () => {
  const s = sink();
  const r = createProgressRenderer(s, { tty: false, heartbeatMs: 20, columns: 60 });
  r.onProgress({ kind: 'phase-start', phase: 'watch', snapshot: snapshot() });
  await new Promise((resolve) => setTimeout(resolve, 120));
  r.onProgress({ kind: 'phase-end', phase: 'watch', elapsedMs: 120, snapshot: snapshot() });
  const before = s.text();
  await new Promise((resolve) => setTimeout(resolve, 80));
  r.finish();
  const lines = before.trim().split('\n');
  assert.ok(lines.length >= 3, before);
  for (const l of lines.slice(0, -1)) {
    assert.match(l, /^watch  pushed 4\/6 · replicated westeurope 3\/4/);
    assert.ok(l.length < 60, l);
  }
  assert.match(lines.at(-1) ?? '', /^watch  replicated .* in 0\.1 s$/);
  assert.is(s.text(), before, 'the heartbeat stops with the phase');
});

renderer('heartbeatMs 0 turns the heartbeat off; a TTY never gets one', async () => {
  for (const opts of [{ tty: false, heartbeatMs: 0 }, { tty: true, heartbeatMs: 10 }]) {
    const s = sink();
    const r = createProgressRenderer(s, opts);
    r.onProgress({ kind: 'phase-start', phase: 'pull', snapshot: snapshot() });
    const at = s.text();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.is(s.text(), at, JSON.stringify(opts));
    r.finish();
  }
});

renderer.run();
