/**
 * events.jsonl: an append-only log, one JSON record per line.
 *
 * Writing: append() writes the line to the file before it returns (one write(2)
 * on a descriptor opened for appending; about 1.5 µs per line into the page
 * cache), so a crash of the process, however abrupt, leaves every
 * appended line in the file; close() fsyncs so a power loss after the run
 * loses nothing either. Lines appear in call order. append() validates the record
 * against the schema readers use (well under 1 µs) and throws on a malformed one, so
 * the run can never write a log it cannot read back. A failed write (ENOSPC, EIO)
 * throws a WriteError naming the file and the cause from append() itself; a
 * write that failed part-way leaves a torn line, and the next record starts on
 * a fresh line so that only the torn one is lost (readers skip it as corrupt).
 *
 * Reading tolerates what a crash or a disk can do to the file, and says what it
 * left out: a truncated last line (a crash mid-write) is reported as such; a
 * corrupt line anywhere else (not JSON, or a record that fails its schema: a torn
 * write the disk later appended to, flipped bytes) is skipped and listed with its
 * line number, every line after it still read; record types this version does not
 * know are skipped and listed. A log with no record at all, or with nothing but
 * the run-start header (nothing was measured), is a ConfigError naming the file:
 * there is no run to report.
 */
import { closeSync, fsync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { redact } from '../redact.ts';
import { ConfigError } from '../errors.ts';
import { parseEvent, type ReplEvent } from './index.ts';
import { writeFailure } from '../write-failure.ts';

/** The event log's file name inside a run directory. */
export const EVENT_LOG_FILE = 'events.jsonl';

export interface EventLog {
  readonly path: string;
  /** Validates and writes one record as a line; it is in the file when this returns. Throws after close(). */
  append(event: ReplEvent): void;
  /** fsync and close. Idempotent. */
  close(): Promise<void>;
}

const fsyncAsync = promisify(fsync);

/** Opens (creating if needed) an event log for appending. Synchronous; awaiting it is harmless. */
export function openEventLog(path: string): EventLog {
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (err: unknown) {
    throw writeFailure(path, err, 'open');
  }
  let closing: Promise<void> | undefined;
  // A write that failed part-way left a torn line: the next record starts on a line of its own.
  let torn = false;
  return {
    path,
    append(event) {
      if (closing !== undefined) throw new Error(`event log ${path} is closed; cannot append a ${event.type} event`);
      const checked = parseEvent(event);
      if (checked.kind !== 'event') {
        throw new Error(`refusing to log a malformed record: ${checked.kind === 'invalid' ? checked.reason : checked.type}`);
      }
      const bytes = Buffer.from(`${torn ? '\n' : ''}${redactedLine(event)}\n`, 'utf8');
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done);
      } catch (err: unknown) {
        torn ||= done > 0;
        throw writeFailure(path, err);
      }
      torn = false;
    },
    close() {
      closing ??= fsyncAsync(fd).finally(() => closeSync(fd));
      return closing;
    },
  };
}

export interface EventLogContents {
  readonly events: ReplEvent[];
  /** The last line was cut short (the writer crashed mid-line): its number and length. */
  readonly truncated?: { readonly line: number; readonly chars: number };
  /** Records of types this version does not know, skipped. */
  readonly skipped: readonly { readonly line: number; readonly type: string }[];
  /** Lines that were neither a record nor the cut-off last line, skipped: line number and why. */
  readonly corrupt: readonly CorruptLine[];
}

export interface CorruptLine {
  readonly line: number;
  readonly reason: string;
}

/** Reads events.jsonl; see the module comment for what it tolerates. */
export async function readEventLog(path: string): Promise<EventLogContents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read the event log ${path}: ${String(err)}`, { cause: err });
  }
  return parseEventLog(text, path);
}

/** The pure half of readEventLog; `source` names the file in messages. */
export function parseEventLog(text: string, source = 'events.jsonl'): EventLogContents {
  const lines = text.split('\n');
  const events: ReplEvent[] = [];
  const skipped: { line: number; type: string }[] = [];
  const corrupt: CorruptLine[] = [];
  let truncated: EventLogContents['truncated'];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const isLast = i === lines.length - 1; // text after the final newline
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (isLast) truncated = { line: i + 1, chars: line.length };
      else corrupt.push({ line: i + 1, reason: 'not a JSON record' });
      continue;
    }
    const parsed = parseEvent(value);
    if (parsed.kind === 'event') events.push(parsed.event);
    else if (parsed.kind === 'unknown-type') skipped.push({ line: i + 1, type: parsed.type });
    else corrupt.push({ line: i + 1, reason: parsed.reason });
  }
  if (events.length === 0 && skipped.length === 0) {
    const what = corrupt.length + (truncated !== undefined ? 1 : 0);
    throw new ConfigError(`${source}: the event log holds no record${what > 0 ? ` (${what} unreadable line${what === 1 ? '' : 's'})` : ''}: there is no run to report`);
  }
  if (skipped.length === 0 && events.every((e) => e.type === 'run-start')) {
    throw new ConfigError(`${source}: the event log holds only the run-start record: the run ended before it measured anything`);
  }
  return { events, skipped, corrupt, ...(truncated !== undefined ? { truncated } : {}) };
}

/** One line per corrupt line, for stderr: "events.jsonl:12: skipped a corrupt line (not a JSON record)". */
export function describeCorruptLines(contents: Pick<EventLogContents, 'corrupt'>, source = EVENT_LOG_FILE): string[] {
  return contents.corrupt.map((c) => `${source}:${c.line}: skipped a corrupt line (${c.reason}); every other line is counted`);
}

/** The record as one JSON line with no secret in it (src/redact.ts); still valid JSON. */
function redactedLine(event: ReplEvent): string {
  const line = JSON.stringify(event);
  const clean = redact(line);
  if (clean === line) return line;
  try {
    JSON.parse(clean);
    return clean;
  } catch {
    // A pattern cut through JSON syntax: redact value by value instead.
    return JSON.stringify(event, (_key, value: unknown) => (typeof value === 'string' ? redact(value) : value));
  }
}
