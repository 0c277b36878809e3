/**
 * The ingest's intermediate form: pulls and errors read from k6 output, with
 * absolute times (µs since the epoch), one JSON line each, in a temporary file
 * of the run directory. The event log needs times relative to the run's start,
 * which is only known once every input has been read (k6 does not write its
 * samples in time order); staging keeps memory flat however big the input.
 */
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

export type StagedRecord =
  | {
      readonly k: 'pull';
      readonly timeUs: number;
      readonly worker: string;
      readonly endpoint: string;
      readonly image: string;
      readonly phase: 'cold' | 'warm';
      readonly durationUs: number;
      readonly ttfbUs: number;
      readonly bytes: number;
    }
  /** A failed pull: becomes the same `error` record (phase "pull") `replbench run` writes for one. */
  | {
      readonly k: 'error';
      readonly timeUs: number;
      readonly code: string;
      readonly message: string;
      readonly labels: { readonly worker: string; readonly endpoint: string; readonly image: string; readonly phase: 'cold' | 'warm' };
    };

const FLUSH_BYTES = 64 * 1024;

/** An append-only staging file with its time range and counts. */
export class StagingFile {
  readonly path: string;
  pulls = 0;
  errors = 0;
  minTimeUs = Number.POSITIVE_INFINITY;
  maxTimeUs = Number.NEGATIVE_INFINITY;
  private fd: number | undefined;
  private buffer = '';

  constructor(path: string) {
    this.path = path;
    this.fd = openSync(path, 'w');
  }

  add(record: StagedRecord): void {
    if (record.k === 'pull') this.pulls++;
    else this.errors++;
    if (record.timeUs < this.minTimeUs) this.minTimeUs = record.timeUs;
    if (record.timeUs > this.maxTimeUs) this.maxTimeUs = record.timeUs;
    this.buffer += `${JSON.stringify(record)}\n`;
    if (this.buffer.length >= FLUSH_BYTES) this.flush();
  }

  /** Writes what is buffered and closes the file. Idempotent. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
  }

  get records(): number {
    return this.pulls + this.errors;
  }

  private flush(): void {
    if (this.fd === undefined || this.buffer === '') return;
    const bytes = Buffer.from(this.buffer, 'utf8');
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
    this.buffer = '';
  }
}

/** Reads a closed staging file back, line by line. */
export async function* readStaged(path: string): AsyncGenerator<StagedRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line !== '') yield JSON.parse(line) as StagedRecord;
  }
}
