import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, WriteError } from '../../src/errors.ts';
import { describeCorruptLines, EVENT_LOG_FILE, openEventLog, parseEventLog, readEventLog } from '../../src/events/log.ts';
import type { ReplEvent } from '../../src/events/index.ts';
import { runEvents } from '../report/fixtures.ts';

function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'replbench-log-'));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const phase = (t: number): ReplEvent => ({ type: 'phase', t, phase: 'push', state: 'start' });

const open = suite('openEventLog');
open('writes one JSON line per event, in call order, readable before close', () =>
  withDir(async (dir) => {
    const path = join(dir, EVENT_LOG_FILE);
    const log = openEventLog(path);
    const events = runEvents();
    for (const e of events) log.append(e);
    const before = readFileSync(path, 'utf8').split('\n');
    assert.is(before.length, events.length + 1);
    assert.is(before[events.length], '');
    assert.equal(JSON.parse(before[0] ?? ''), events[0]);
    await log.close();
    assert.equal((await readEventLog(path)).events, JSON.parse(JSON.stringify(events)));
  }));
open('appends to an existing log; close is idempotent; append after close throws', () =>
  withDir(async (dir) => {
    const path = join(dir, EVENT_LOG_FILE);
    const first = openEventLog(path);
    first.append(phase(1));
    await first.close();
    await first.close();
    assert.throws(() => first.append(phase(2)), /closed/);
    const second = openEventLog(path);
    second.append(phase(3));
    await second.close();
    assert.equal((await readEventLog(path)).events.map((e) => e.t), [1, 3]);
  }));
open('refuses a malformed record instead of writing a log it could not read back', () =>
  withDir(async (dir) => {
    const path = join(dir, EVENT_LOG_FILE);
    const log = openEventLog(path);
    const bad = { type: 'push', t: 1, labels: { image: 'i', repo: 'r' }, valueUs: Number.NaN } as ReplEvent;
    assert.throws(() => log.append(bad), /malformed record: push event, field valueUs/);
    log.append(phase(2));
    await log.close();
    assert.equal((await readEventLog(path)).events.map((e) => e.t), [2]);
  }));
open('a killed process leaves every appended line in the file', () =>
  withDir(async (dir) => {
    const path = join(dir, EVENT_LOG_FILE);
    const module = fileURLToPath(new URL('../../src/events/log.ts', import.meta.url));
    const script = `
      import { openEventLog } from ${JSON.stringify(module)};
      const log = openEventLog(${JSON.stringify(path)});
      for (let i = 0; i < 500; i++) log.append({ type: 'phase', t: i, phase: 'push', state: 'start' });
      process.kill(process.pid, 'SIGKILL');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      timeout: 30_000,
      encoding: 'utf8',
    });
    assert.is(child.signal, 'SIGKILL', child.stderr);
    const read = await readEventLog(path);
    assert.is(read.events.length, 500);
    assert.is(read.truncated, undefined);
  }));
open.run();

const read = suite('readEventLog');
const parse = suite('parseEventLog');
read('tolerates and reports a truncated last line (a crash mid-write)', () =>
  withDir(async (dir) => {
    const path = join(dir, EVENT_LOG_FILE);
    const log = openEventLog(path);
    log.append(phase(1));
    log.append(phase(2));
    await log.close();
    appendFileSync(path, '{"type":"pull","t":3,"labels":{"wor');
    const contents = await readEventLog(path);
    assert.is(contents.events.length, 2);
    assert.equal(contents.truncated, { line: 3, chars: 35 });
  }));
parse('accepts a complete last record that lost only its newline', () => {
  const text = `${JSON.stringify(phase(1))}\n${JSON.stringify(phase(2))}`;
  const contents = parseEventLog(text);
  assert.is(contents.events.length, 2);
  assert.is(contents.truncated, undefined);
});
parse('skips unknown record types and blank lines, and reports the skips', () => {
  const text = [JSON.stringify(phase(1)), '', '{"type":"probe","t":2}', JSON.stringify(phase(3)), ''].join('\n');
  const contents = parseEventLog(text);
  assert.equal(contents.events.map((e) => e.t), [1, 3]);
  assert.equal(contents.skipped, [{ line: 3, type: 'probe' }]);
});
parse('a corrupt line anywhere is skipped and listed with its line and why; every line after it is read', () => {
  const garbled = [JSON.stringify(phase(1)), '{"type":', JSON.stringify(phase(3)), '{"type":"phase","t":"soon","phase":"x","state":"start"}', JSON.stringify(phase(5)), ''].join('\n');
  const contents = parseEventLog(garbled, 'run/events.jsonl');
  assert.equal(contents.events.map((e) => e.t), [1, 3, 5]);
  assert.equal(contents.corrupt.map((c) => c.line), [2, 4]);
  assert.is(contents.corrupt[0]?.reason, 'not a JSON record');
  assert.match(contents.corrupt[1]?.reason ?? '', /^phase event, field t/);
  assert.is(contents.truncated, undefined);
  assert.equal(describeCorruptLines(contents, 'run/events.jsonl'), [
    'run/events.jsonl:2: skipped a corrupt line (not a JSON record); every other line is counted',
    `run/events.jsonl:4: skipped a corrupt line (${contents.corrupt[1]?.reason}); every other line is counted`,
  ]);
});
parse('a torn line followed by more records (a disk that filled, then had room) costs only the torn line', () => {
  const text = `${JSON.stringify(phase(1))}\n{"type":"pull","t":2,"lab\n${JSON.stringify(phase(3))}\n`;
  const contents = parseEventLog(text);
  assert.equal(contents.events.map((e) => e.t), [1, 3]);
  assert.equal(contents.corrupt, [{ line: 2, reason: 'not a JSON record' }]);
});
parse('a corrupt last line that ends in a newline is corrupt, not cut off', () => {
  const contents = parseEventLog(`${JSON.stringify(phase(1))}\n{"type":"ph\u0000se"}garbage\n`);
  assert.equal(contents.corrupt.map((c) => c.line), [2]);
  assert.is(contents.truncated, undefined);
});
parse('no record at all, or only the run-start header, is a ConfigError naming the file', () => {
  const noRecord = (text: string, what: RegExp): void =>
    assert.throws(() => parseEventLog(text, 'r/events.jsonl'), (e: unknown) => e instanceof ConfigError && /^r\/events\.jsonl: /.test(e.message) && what.test(e.message));
  noRecord('', /holds no record: there is no run to report/);
  noRecord('\n\n', /holds no record/);
  noRecord('garbage\n{"type":', /holds no record \(2 unreadable lines\)/);
  const start = runEvents().find((e) => e.type === 'run-start');
  noRecord(`${JSON.stringify(start)}\n`, /holds only the run-start record/);
  noRecord(`${JSON.stringify(start)}\n{"type":"pu`, /holds only the run-start record/);
  // A header and one record is a run (an interrupted one).
  assert.is(parseEventLog(`${JSON.stringify(start)}\n${JSON.stringify(phase(1))}\n`).events.length, 2);
});
read('a missing file is a ConfigError naming it', async () => {
  try {
    await readEventLog('/nonexistent/replbench/events.jsonl');
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.ok(e instanceof ConfigError && e.message.includes('/nonexistent/replbench/events.jsonl'));
  }
});
read('an empty file is a ConfigError naming it', () =>
  withDir(async (dir) => {
    const path = join(dir, EVENT_LOG_FILE);
    writeFileSync(path, '');
    try {
      await readEventLog(path);
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.ok(e instanceof ConfigError && e.message.startsWith(`${path}: the event log holds no record`), String(e));
    }
  }));
open('a write or open that fails is a WriteError naming the file and the cause', () =>
  withDir(async (dir) => {
    const missing = join(dir, 'missing-dir', EVENT_LOG_FILE);
    assert.throws(() => openEventLog(missing), (e: unknown) => e instanceof WriteError && e.message === `cannot open ${missing}: no such file or directory (ENOENT)`);
    if (!existsSync('/dev/full')) return; // Linux: every write to /dev/full fails with ENOSPC
    const full = openEventLog('/dev/full');
    assert.throws(() => full.append(phase(1)), (e: unknown) => e instanceof WriteError && e.message === 'cannot write /dev/full: no space left on device (ENOSPC)');
    await full.close().catch(() => undefined);
  }));
read.run();
parse.run();
