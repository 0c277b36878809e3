/**
 * probes.jsonl (`replbench run --probe-trace`): one line per probe of every
 * replication watch — planned, launched (the watcher's timer fired),
 * released (the probe budget let it go), sent and answered, in µs since the
 * run started, with the commit point of its watch and what the replica said.
 * A diagnosis tool beside events.jsonl, not a source of the reports: it shows
 * where a bracket's width comes from (the schedule, a late timer, a held
 * budget, the blobs' round after the manifest's hit).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ProbeTraceEntry } from '../measure/watch-types.ts';

export const PROBE_TRACE_FILE = 'probes.jsonl';

export interface ProbeTraceLine {
  readonly region: string;
  readonly image: string;
  readonly component: string;
  readonly commitUs: number;
  readonly plannedUs: number;
  readonly launchedUs: number;
  readonly releasedUs: number;
  readonly sentUs: number;
  readonly answeredUs: number;
  readonly result: ProbeTraceEntry['result'];
  readonly status: number;
}

export class ProbeTraceLog {
  readonly path: string;
  readonly #out: WriteStream;
  readonly #tUs: (atMs: number) => number;
  #error: unknown;

  /** `tUs`: ms on the run clock → µs since the run started. */
  constructor(path: string, tUs: (atMs: number) => number) {
    this.path = path;
    this.#tUs = tUs;
    this.#out = createWriteStream(path, { flags: 'a' });
    this.#out.on('error', (err) => (this.#error ??= err));
  }

  write(region: string, image: string, commitAtMs: number, trace: readonly ProbeTraceEntry[]): void {
    if (trace.length === 0) return;
    const t = this.#tUs;
    const lines = trace.map((e) =>
      JSON.stringify({
        region,
        image,
        component: e.component,
        commitUs: t(commitAtMs),
        plannedUs: t(e.plannedAtMs),
        launchedUs: t(e.launchedAtMs),
        releasedUs: t(e.releasedAtMs),
        sentUs: t(e.sentAtMs),
        answeredUs: t(e.atMs),
        result: e.result,
        status: e.status,
      } satisfies ProbeTraceLine),
    );
    this.#out.write(`${lines.join('\n')}\n`);
  }

  /** Flushes and closes; rejects with the first write error. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#out.end(() => resolve()));
    if (this.#error !== undefined) throw this.#error;
  }
}
