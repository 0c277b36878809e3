/**
 * Pass one of `replbench k6 ingest`: streams k6 JSON outputs (plain or
 * gzipped, `--out json=FILE.gz`) line by line and stages pulls and errors
 * from two sources side by side:
 *
 *   replbench  replbench_pull_duration / _ttfb / _bytes / _errors, as the
 *              exported script records them;
 *   http       k6's http_req_duration / http_req_waiting (TTFB) of requests
 *              tagged worker and endpoint, for scripts that are not ours.
 *              Requests k6 marks expected_response=false are errors, not pulls.
 *
 * The caller keeps the replbench source when it has anything, else http; so
 * after the first replbench sample the http samples are no longer decoded.
 */
import { createReadStream, fstat, open } from 'node:fs';
import { Socket } from 'node:net';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { ConfigError, describeReadFailure } from '../errors.ts';
import {
  K6_DROPPED_ITERATIONS,
  K6_HTTP_DURATION,
  K6_HTTP_WAITING,
  K6_PULL_BYTES,
  K6_PULL_DURATION,
  K6_PULL_ERRORS,
  K6_PULL_TTFB,
  K6_TAG,
  pullFailureCode,
} from './k6-metrics.ts';
import { parseK6Line } from './k6-ndjson.ts';
import { PullPairer, type PairingCounts, type PullLabels } from './k6-pairing.ts';
import type { StagingFile } from './k6-staging.ts';

export interface K6ReadStats {
  readonly lines: number;
  readonly points: number;
  /** Lines that are not k6 JSON records; the first few with file:line. */
  readonly invalid: number;
  readonly invalidExamples: readonly string[];
  /** Points of a wanted metric without worker or endpoint tags. */
  readonly untagged: number;
  /** Gzipped inputs that end mid-stream (k6 stopped while writing): read up to the cut. */
  readonly truncated: readonly string[];
  /** Set when `signal` stopped the reading early: its reason (what was read so far is counted). */
  readonly stopped?: string;
  readonly replbench: PairingCounts;
  readonly http: PairingCounts;
  /** k6's dropped_iterations per worker region (from the scenario's worker tag, else its name pull_<worker>). */
  readonly dropped: Readonly<Record<string, number>>;
}

export interface K6ReadOptions {
  readonly maxPending?: number;
  /** Fires: read no further line; the stats and the staged samples cover what was read. */
  readonly signal?: AbortSignal;
}

const openAsync = promisify(open);
const fstatAsync = promisify(fstat);

const OURS = new Set([K6_PULL_DURATION, K6_PULL_TTFB, K6_PULL_BYTES, K6_PULL_ERRORS, K6_DROPPED_ITERATIONS]);
const ALL = new Set([...OURS, K6_HTTP_DURATION, K6_HTTP_WAITING]);
const MAX_EXAMPLES = 3;

export async function readK6Outputs(
  inputs: readonly string[],
  sinks: { readonly replbench: StagingFile; readonly http: StagingFile },
  options: K6ReadOptions = {},
): Promise<K6ReadStats> {
  const pairer = (sink: StagingFile): PullPairer =>
    new PullPairer((p) => sink.add({ k: 'pull', ...p }), options.maxPending);
  const ours = pairer(sinks.replbench);
  const http = pairer(sinks.http);
  let lines = 0;
  let points = 0;
  let invalid = 0;
  let untagged = 0;
  const invalidExamples: string[] = [];
  const truncated: string[] = [];
  let oursSeen = false;
  const dropped = new Map<string, number>();

  const signal = options.signal;
  reading: for (const input of inputs) {
    let lineNo = 0;
    for await (const line of linesOf(input, () => truncated.push(input), signal)) {
      if (signal?.aborted === true) break reading;
      lineNo++;
      lines++;
      // Once a replbench sample has been seen the fallback can never be used: stop decoding k6's http samples.
      const parsed = parseK6Line(line, oursSeen ? OURS : ALL);
      if (parsed.kind === 'invalid') {
        invalid++;
        if (invalidExamples.length < MAX_EXAMPLES) invalidExamples.push(`${input}:${lineNo}: ${parsed.reason}`);
        continue;
      }
      if (parsed.kind !== 'point') continue;
      points++;
      const { tags } = parsed;
      if (parsed.metric === K6_DROPPED_ITERATIONS) {
        // Per k6 scenario = per worker region; no endpoint (the arrival never picked one).
        const scenario = tags[K6_TAG.scenario] ?? '';
        const who = tags[K6_TAG.worker] ?? (scenario.startsWith('pull_') ? scenario.slice('pull_'.length) : scenario);
        dropped.set(who === '' ? '(unknown)' : who, (dropped.get(who === '' ? '(unknown)' : who) ?? 0) + Math.round(parsed.value));
        continue;
      }
      const worker = tags[K6_TAG.worker];
      const endpoint = tags[K6_TAG.endpoint];
      if (worker === undefined || endpoint === undefined || worker === '' || endpoint === '') {
        untagged++;
        continue;
      }
      const labels: PullLabels = { worker, endpoint, image: tags[K6_TAG.image] ?? '', phase: tags[K6_TAG.phase] === 'cold' ? 'cold' : 'warm' };
      const us = Math.round(parsed.value * 1000);
      if (OURS.has(parsed.metric) && parsed.metric !== K6_DROPPED_ITERATIONS) oursSeen = true;
      switch (parsed.metric) {
        case K6_PULL_DURATION:
          ours.duration(labels, parsed.timeUs, us);
          break;
        case K6_PULL_TTFB:
          ours.ttfb(labels, us);
          break;
        case K6_PULL_BYTES:
          ours.bytes(labels, Math.round(parsed.value));
          break;
        case K6_PULL_ERRORS: {
          const what = tags[K6_TAG.what] ?? 'pull';
          const status = tags[K6_TAG.status] ?? 'unknown';
          const k6Error = tags[K6_TAG.k6Error] ?? '';
          const count = Math.max(1, Math.round(parsed.value));
          for (let i = 0; i < count; i++) {
            sinks.replbench.add({
              k: 'error',
              timeUs: parsed.timeUs,
              code: pullFailureCode(status, k6Error),
              message: `k6: the ${what} answered ${status === '0' ? `nothing (no response${k6Error === '' || k6Error === '0' ? '' : `, k6 error ${k6Error}`})` : status}`,
              labels: { worker, endpoint, image: labels.image, phase: labels.phase },
            });
          }
          break;
        }
        case K6_HTTP_DURATION:
          if (tags.expected_response === 'false') {
            sinks.http.add({
              k: 'error',
              timeUs: parsed.timeUs,
              code: pullFailureCode(tags.status ?? '', tags.error_code ?? ''),
              message: `k6: ${tags.method ?? 'request'} answered ${tags.status ?? 'unknown'}`,
              labels: { worker, endpoint, image: labels.image, phase: labels.phase },
            });
          } else {
            http.duration(labels, parsed.timeUs, us);
          }
          break;
        case K6_HTTP_WAITING:
          if (tags.expected_response !== 'false') http.ttfb(labels, us);
          break;
      }
    }
  }
  const droppedByWorker: Record<string, number> = {};
  for (const w of [...dropped.keys()].sort()) droppedByWorker[w] = dropped.get(w) ?? 0;
  const stopped = signal?.aborted === true ? stopReason(signal) : undefined;
  return { lines, points, invalid, invalidExamples, untagged, truncated, ...(stopped !== undefined ? { stopped } : {}), replbench: ours.counts(), http: http.counts(), dropped: droppedByWorker };
}

function stopReason(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return typeof r === 'string' && r !== '' ? r : 'stopped';
}

/**
 * The lines of a file, gunzipped when it starts with the gzip magic bytes; a cut-off
 * gzip ends early. One stream reads the file once, so a pipe works too (mkfifo,
 * /dev/stdin: `k6 run --out json=/dev/stdout | replbench k6 ingest /dev/stdin`);
 * `signal` ends the lines at once, even while a read waits on a pipe.
 */
async function* linesOf(path: string, onTruncated: () => void, signal?: AbortSignal): AsyncGenerator<string> {
  const unreadable = (err: unknown): ConfigError => new ConfigError(`${path}: cannot read the k6 output: ${describeReadFailure(err)}`, { cause: err });
  let fd: number;
  let fifo: boolean;
  try {
    fd = await openAsync(path, 'r');
    fifo = (await fstatAsync(fd)).isFIFO();
  } catch (err: unknown) {
    throw unreadable(err);
  }
  // A pipe is read through the event loop (a socket over its fd), a file in the thread pool: either ends when destroyed.
  const raw: Readable = fifo ? new Socket({ fd, readable: true, writable: false }) : createReadStream('', { fd });
  const onAbort = (): void => void raw.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  const chunks = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const stopped = (): boolean => signal?.aborted === true;
  let head = Buffer.alloc(0);
  try {
    while (head.length < 2) {
      const next = await chunks.next();
      if (next.done === true) break;
      head = Buffer.concat([head, next.value]);
    }
  } catch (err: unknown) {
    raw.destroy();
    signal?.removeEventListener('abort', onAbort);
    if (stopped()) return;
    throw unreadable(err);
  }
  const gzipped = head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  async function* bytes(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield next.value;
  }
  const plain = Readable.from(bytes(), { objectMode: false });
  const input: Readable = gzipped ? plain.pipe(createGunzip()) : plain;
  if (gzipped) plain.on('error', (err) => input.destroy(err));
  const rl = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of rl) yield line;
  } catch (err: unknown) {
    if (stopped()) return;
    if (gzipped && (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') {
      onTruncated();
      return;
    }
    throw unreadable(err);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    rl.close();
    input.destroy();
    raw.destroy();
  }
}
