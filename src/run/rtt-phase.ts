/**
 * The run's first phase: the round trip from each worker to each endpoint it
 * will use, measured before any load (measure/rtt.ts: a warm-up ping, then
 * the minimum of a few). Half the minimum is the one-way delay the watcher
 * corrects its brackets with. An endpoint that cannot be reached is reported
 * and gets a one-way delay of 0 — the widest, still guaranteed, bracket — so
 * a dead region costs its own measurements only.
 */
import { AbortedError } from '../errors.ts';
import { oneWayDelayMs } from '../measure/one-way-delay.ts';
import { createPool } from '../measure/pool.ts';
import type { RttEstimate } from '../measure/rtt.ts';
import type { Worker } from '../measure/worker.ts';

export interface RttPair {
  readonly worker: Worker;
  readonly endpoint: string;
}

export interface RttPhaseOptions {
  /** Pairs measured at once (default 4): pings of one pair run one after another. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onMeasured?: (worker: string, endpoint: string, rtt: RttEstimate) => void;
  readonly onFailed?: (worker: string, endpoint: string, err: unknown) => void;
}

export class RttTable {
  readonly #entries = new Map<string, RttEstimate>();

  set(worker: string, endpoint: string, rtt: RttEstimate): void {
    this.#entries.set(key(worker, endpoint), rtt);
  }

  get(worker: string, endpoint: string): RttEstimate | undefined {
    return this.#entries.get(key(worker, endpoint));
  }

  /** Half the minimum RTT; 0 when the pair was not measured (the conservative choice). */
  oneWayDelayMs(worker: string, endpoint: string): number {
    const rtt = this.get(worker, endpoint);
    return rtt === undefined ? 0 : oneWayDelayMs(rtt);
  }

  /** [worker, endpoint, estimate] in insertion order. */
  entries(): [string, string, RttEstimate][] {
    return [...this.#entries].map(([k, v]) => {
      const [w = '', e = ''] = k.split('\u0000');
      return [w, e, v];
    });
  }
}

/** Measures every distinct pair; failures go to onFailed, never throw (aborts excepted). */
export async function measureRttPhase(pairs: readonly RttPair[], opts: RttPhaseOptions = {}): Promise<RttTable> {
  const table = new RttTable();
  const pool = createPool(Math.max(1, opts.concurrency ?? 4), opts.signal);
  const seen = new Set<string>();
  const tasks: Promise<void>[] = [];
  for (const { worker, endpoint } of pairs) {
    const k = key(worker.region, endpoint);
    if (seen.has(k)) continue;
    seen.add(k);
    tasks.push(
      pool
        .run(async () => {
          const rtt = await worker.measureRtt(endpoint, opts.signal);
          table.set(worker.region, endpoint, rtt);
          opts.onMeasured?.(worker.region, endpoint, rtt);
        })
        .catch((err: unknown) => {
          if (err instanceof AbortedError || opts.signal?.aborted) return;
          opts.onFailed?.(worker.region, endpoint, err);
        }),
    );
  }
  await Promise.all(tasks);
  return table;
}

function key(worker: string, endpoint: string): string {
  return `${worker}\u0000${endpoint}`;
}
