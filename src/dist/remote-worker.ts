/**
 * A Worker (and LoadWorker) whose measurements are made by a `replbench
 * worker` process in another place, over its WorkerSession. The runner uses it
 * exactly like an InProcessWorker.
 *
 * Clocks: the worker stamps with its own clock; the session's offset
 * (clock-offset.ts, worker − coordinator) converts between the two. The
 * coordinator's side of the exchange runs on `coordinatorNow`, which is the
 * run clock plus `epochBaseMs`, so offsets are true clock differences:
 *
 *   run ms  →  worker ms:   run + epochBaseMs + offset
 *   worker ms → run ms:     worker − offset − epochBaseMs
 *
 * A watch's commit point goes to the worker on its clock; the lag comes back
 * as a difference of two worker times, so the offset cancels out — except for
 * its error, which is why the offset's uncertainty is added to the lag's.
 * Bracket ends and pull and load timestamps come back on the run clock.
 */
import { AbortedError } from '../errors.ts';
import type { LoadRunOptions, LoadTask, LoadTotals, LoadWorker } from '../measure/load-types.ts';
import type { RttEstimate } from '../measure/rtt.ts';
import type { WatchResult } from '../measure/watch-types.ts';
import type { PullResult, PullTask, WatchTask, Worker } from '../measure/worker.ts';
import type { ClockOffset } from './clock-offset.ts';
import type { Task, TaskResult } from './protocol-tasks.ts';
import { WorkerLostError, type WorkerSession } from './worker-session.ts';

const ZERO_OFFSET: ClockOffset = { offsetMs: 0, uncertaintyMs: 0, rttMs: 0, rounds: 0 };

export class RemoteWorker implements Worker, LoadWorker {
  readonly region: string;
  readonly #session: WorkerSession;
  readonly #epochBaseMs: number;
  readonly #pulled = new Set<string>();

  constructor(session: WorkerSession, epochBaseMs: number) {
    this.region = session.region;
    this.#session = session;
    this.#epochBaseMs = epochBaseMs;
  }

  /** The worker's clock offset (zero until measured). */
  get offset(): ClockOffset {
    return this.#session.offset ?? ZERO_OFFSET;
  }

  /** A time on the run clock, on the worker's. */
  toWorkerMs(runMs: number): number {
    return runMs + this.#epochBaseMs + this.offset.offsetMs;
  }

  /** A time on the worker's clock, on the run clock. */
  toRunMs(workerMs: number): number {
    return workerMs - this.offset.offsetMs - this.#epochBaseMs;
  }

  async measureRtt(endpoint: string, signal?: AbortSignal): Promise<RttEstimate> {
    return (await this.#call({ kind: 'rtt', endpoint }, signal, 'rtt')).rtt;
  }

  async pull(task: PullTask, signal?: AbortSignal): Promise<PullResult[]> {
    if (this.#session.lost !== undefined) return [];
    const key = `${task.endpoint}\u0000${task.repo}\u0000${task.reference}`;
    try {
      const { results } = await this.#call({ kind: 'pull', task }, signal, 'pull');
      if (results.some((r) => r.outcome === 'pulled')) this.#pulled.add(key);
      return results.map((r) => ({ ...r, startedAtMs: this.toRunMs(r.startedAtMs) }));
    } catch (err: unknown) {
      if (!(err instanceof WorkerLostError)) {
        if (err instanceof AbortedError || signal?.aborted) return [];
        throw err;
      }
      // The pull in flight when the worker went away is a failure; later ones are not attempted.
      return [{ outcome: 'failed', worker: this.region, endpoint: task.endpoint, image: task.image, phase: this.#pulled.has(key) ? 'warm' : 'cold', startedAtMs: 0, code: err.code, message: err.message }];
    }
  }

  async watch(task: WatchTask, signal?: AbortSignal): Promise<WatchResult> {
    const offset = this.offset;
    const { result: onWorker } = await this.#call({ kind: 'watch', task: { ...task, commitAtMs: this.toWorkerMs(task.commitAtMs) } }, signal, 'watch');
    const toRun = this.toRunMs.bind(this);
    const trace = onWorker.trace?.map((e) => ({ ...e, plannedAtMs: toRun(e.plannedAtMs), launchedAtMs: toRun(e.launchedAtMs), releasedAtMs: toRun(e.releasedAtMs), sentAtMs: toRun(e.sentAtMs), atMs: toRun(e.atMs) }));
    const result = trace !== undefined ? { ...onWorker, trace } : onWorker;
    if (result.outcome !== 'replicated') return result;
    return {
      ...result,
      uncertaintyMs: result.uncertaintyMs + offset.uncertaintyMs,
      lastMissAtMs: this.toRunMs(result.lastMissAtMs),
      firstHitAtMs: this.toRunMs(result.firstHitAtMs),
    };
  }

  async load(task: LoadTask, opts: LoadRunOptions = {}): Promise<LoadTotals> {
    const onInterval = opts.onInterval;
    const { totals } = await this.#call({ kind: 'load', task }, opts.signal, 'load', onInterval ? (i) => onInterval({ ...i, startMs: this.toRunMs(i.startMs) }) : undefined);
    return totals;
  }

  /** The session belongs to the coordinator, which ends it. */
  async close(): Promise<void> {}

  async #call<K extends TaskResult['kind']>(
    task: Task,
    signal: AbortSignal | undefined,
    _kind: K,
    onInterval?: LoadRunOptions['onInterval'],
  ): Promise<Extract<TaskResult, { kind: K }>> {
    const result = await this.#session.call(task, { ...(signal ? { signal } : {}), ...(onInterval ? { onInterval } : {}) });
    return result as Extract<TaskResult, { kind: K }>;
  }
}
