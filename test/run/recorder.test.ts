import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunRecorder } from '../../src/run/recorder.ts';

const recorder = suite('RunRecorder');

recorder('stamps records with µs since the start and writes each at once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-recorder-'));
  try {
    let nowMs = 1000;
    const r = new RunRecorder(join(dir, 'events.jsonl'), () => nowMs);
    nowMs = 1002.5;
    r.record({ type: 'phase', phase: 'push', state: 'start' });
    assert.is(r.tUs(), 2500);
    r.record({ type: 'phase', phase: 'push', state: 'end' }, 1010);
    r.append({ type: 'error', t: 42, code: 'E_X', message: 'm' });
    const lines = (await readFile(join(dir, 'events.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { t: number });
    assert.equal(lines.map((l) => l.t), [2500, 10_000, 42]);
    assert.is(r.written, 3);
    await r.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

recorder('never stamps a time before the start', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-recorder-'));
  try {
    const r = new RunRecorder(join(dir, 'events.jsonl'), () => 5, 5);
    assert.is(r.tUs(1), 0);
    await r.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

recorder('refuses a malformed record (the log stays readable)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-recorder-'));
  try {
    const r = new RunRecorder(join(dir, 'events.jsonl'), () => 0);
    assert.throws(() => r.record({ type: 'push', labels: { image: 'i', repo: 'r' }, valueUs: -1 }), /malformed/);
    await r.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

recorder('a write that fails (a full disk) does not throw: the first failure is reported once, every lost record counted', async () => {
  if (!existsSync('/dev/full')) return; // Linux: every write to /dev/full fails with ENOSPC
  const r = new RunRecorder('/dev/full', () => 0);
  const failures: string[] = [];
  r.onWriteFailed((err) => failures.push(err.message));
  for (let i = 0; i < 3; i++) r.record({ type: 'phase', phase: 'push', state: 'start' });
  assert.equal(failures, ['cannot write /dev/full: no space left on device (ENOSPC)']);
  assert.is(r.lost, 3);
  assert.is(r.written, 0);
  assert.is(r.failure?.code, 'E_WRITE');
  // A listener set after the failure hears it at once.
  r.onWriteFailed((err) => failures.push(`late: ${err.code}`));
  assert.equal(failures.at(-1), 'late: E_WRITE');
  // A malformed record is a bug, not a disk: it still throws.
  assert.throws(() => r.record({ type: 'phase', phase: 'push', state: 'sideways' } as never), /malformed record/);
  await r.close().catch(() => undefined);
});

recorder.run();
