/** A scripted Worker for phase tests (not a test file itself). */
import { CANARY_TIMEOUT_MS } from '../../src/run/head-canary.ts';
import { AbortedError } from '../../src/errors.ts';
import type { RttEstimate } from '../../src/measure/rtt.ts';
import type { WatchResult } from '../../src/measure/watch-types.ts';
import type { PullResult, PullTask, WatchTask, Worker } from '../../src/measure/worker.ts';

export interface FakeWorkerScript {
  readonly rtt?: (endpoint: string) => RttEstimate;
  readonly watch?: (task: WatchTask, signal?: AbortSignal) => Promise<WatchResult>;
  readonly pullMs?: number;
  /** Answer the HEAD canary as a lying replica does: present. */
  readonly liesToCanary?: boolean;
}

export class FakeWorker implements Worker {
  readonly region: string;
  readonly watches: WatchTask[] = [];
  readonly canaries: WatchTask[] = [];
  readonly pulls: PullTask[] = [];
  readonly #script: FakeWorkerScript;
  readonly #pulled = new Set<string>();
  closed = false;

  constructor(region: string, script: FakeWorkerScript = {}) {
    this.region = region;
    this.#script = script;
  }

  async measureRtt(endpoint: string): Promise<RttEstimate> {
    const rtt = this.#script.rtt?.(endpoint) ?? { minMs: 2, medianMs: 2, samplesMs: [2] };
    return rtt;
  }

  async watch(task: WatchTask, signal?: AbortSignal): Promise<WatchResult> {
    // The HEAD canary (src/run/head-canary.ts) asks for a digest never pushed: an honest replica has none.
    if (task.timeoutMs === CANARY_TIMEOUT_MS) {
      this.canaries.push(task);
      if (this.#script.liesToCanary === true) return { outcome: 'replicated', lagMs: 0, uncertaintyMs: 0, lastMissAtMs: 0, firstHitAtMs: 0, probes: 1, throttled: 0, failed: 0 };
      return { outcome: 'timed-out', waitedMs: 1, probes: 1, throttled: 0, failed: 0 };
    }
    this.watches.push(task);
    if (this.#script.watch) return this.#script.watch(task, signal);
    return { outcome: 'replicated', lagMs: 100, uncertaintyMs: 5, lastMissAtMs: 0, firstHitAtMs: 0, probes: 10, throttled: 0, failed: 0 };
  }

  async pull(task: PullTask, signal?: AbortSignal): Promise<PullResult[]> {
    this.pulls.push(task);
    const key = `${task.endpoint}/${task.repo}@${task.reference}`;
    const phase = this.#pulled.has(key) ? 'warm' : 'cold';
    const startedAtMs = performance.now();
    await new Promise((r) => setTimeout(r, this.#script.pullMs ?? 1));
    if (signal?.aborted) throw new AbortedError();
    this.#pulled.add(key);
    return [{ outcome: 'pulled', worker: this.region, endpoint: task.endpoint, image: task.image, phase, startedAtMs, durationMs: 10, ttfbMs: 2, bytes: 100 }];
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
