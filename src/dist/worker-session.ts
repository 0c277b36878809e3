/**
 * The coordinator's side of one connected worker: sends tasks and matches
 * their results by id, streams load intervals to the caller, runs the clock
 * exchange, and notices the worker's loss. A lost worker rejects every task
 * in flight and every later one with WorkerLostError; the run goes on.
 */
import { AbortedError, ProtocolError, ReplbenchError, UnreachableError } from '../errors.ts';
import type { LoadInterval } from '../measure/load-types.ts';
import type { HealthInterval } from '../measure/harness-health.ts';
import { estimateClockOffset, type ClockOffset, type TimeSample } from './clock-offset.ts';
import type { AgentInfo, CoordinatorMessage, WorkerMessage } from './protocol.ts';
import type { Task, TaskResult } from './protocol-tasks.ts';

/** A remote worker went away (connection closed, silent, or broke the protocol). */
export class WorkerLostError extends UnreachableError {
  readonly region: string;
  constructor(region: string, reason: string) {
    super(`worker:${region}`, `the worker in ${region} was lost: ${reason}`);
    this.region = region;
  }
}

/** A task the worker reported as failed: its error code and message, as the worker saw them. */
export class RemoteTaskError extends ReplbenchError {
  readonly remoteCode: string;
  constructor(region: string, code: string, message: string) {
    super(isKnownCode(code) ? code : 'E_PROTOCOL', `worker ${region}: ${message}`);
    this.remoteCode = code;
  }
}

const KNOWN = new Set(['E_CONFIG', 'E_USAGE', 'E_AUTH', 'E_REGISTRY', 'E_UNREACHABLE', 'E_TIMEOUT', 'E_STALLED', 'E_ABORTED', 'E_DIGEST_MISMATCH', 'E_PROTOCOL']);
function isKnownCode(code: string): code is ReplbenchError['code'] {
  return KNOWN.has(code);
}

export interface SessionChannel {
  send(message: CoordinatorMessage): boolean;
  close(reason: string): void;
}

interface Pending {
  readonly kind: Task['kind'];
  readonly resolve: (r: TaskResult) => void;
  readonly reject: (err: unknown) => void;
  readonly onInterval?: (i: LoadInterval) => void;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  readonly onInterval?: (interval: LoadInterval) => void;
}

export class WorkerSession {
  readonly region: string;
  readonly agent: AgentInfo;
  /** Set once the clock exchange ran. */
  offset: ClockOffset | undefined;
  readonly #channel: SessionChannel;
  readonly #now: () => number;
  readonly #pending = new Map<number, Pending>();
  readonly #times = new Map<number, { t0: number; resolve: (s: TimeSample) => void; reject: (e: unknown) => void }>();
  readonly #lostListeners: ((reason: string) => void)[] = [];
  #onHealth: ((interval: HealthInterval) => void) | undefined;
  #nextId = 1;
  #lost: string | undefined;
  #ended = false;

  constructor(region: string, agent: AgentInfo, channel: SessionChannel, now: () => number) {
    this.region = region;
    this.agent = agent;
    this.#channel = channel;
    this.#now = now;
  }

  /** Why the worker was lost; undefined while it is there (or after a clean end). */
  get lost(): string | undefined {
    return this.#lost;
  }

  onLost(listener: (reason: string) => void): void {
    if (this.#lost !== undefined) listener(this.#lost);
    else this.#lostListeners.push(listener);
  }

  /** Where the worker's per-second health intervals go (its clock; undefined: nowhere). */
  onHealth(listener: ((interval: HealthInterval) => void) | undefined): void {
    this.#onHealth = listener;
  }

  /** Sends a task; resolves with its result, rejects with RemoteTaskError, WorkerLostError or AbortedError. */
  call(task: Task, opts: CallOptions = {}): Promise<TaskResult> {
    if (this.#lost !== undefined) return Promise.reject(new WorkerLostError(this.region, this.#lost));
    if (this.#ended) return Promise.reject(new WorkerLostError(this.region, 'the run ended'));
    if (opts.signal?.aborted) return Promise.reject(new AbortedError(`the ${task.kind} task was aborted`));
    const taskId = this.#nextId++;
    return new Promise<TaskResult>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.#pending.delete(taskId)) return;
        this.#channel.send({ v: 1, type: 'cancel', taskId });
        reject(new AbortedError(`the ${task.kind} task was aborted`));
      };
      const done = <A>(f: (a: A) => void) => (a: A): void => {
        opts.signal?.removeEventListener('abort', onAbort);
        f(a);
      };
      this.#pending.set(taskId, { kind: task.kind, resolve: done(resolve), reject: done(reject), ...(opts.onInterval ? { onInterval: opts.onInterval } : {}) });
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.#channel.send({ v: 1, type: 'task', taskId, task });
    });
  }

  /** One NTP-style exchange. */
  timeExchange(): Promise<TimeSample> {
    if (this.#lost !== undefined) return Promise.reject(new WorkerLostError(this.region, this.#lost));
    const id = this.#nextId++;
    return new Promise<TimeSample>((resolve, reject) => {
      this.#times.set(id, { t0: this.#now(), resolve, reject });
      this.#channel.send({ v: 1, type: 'time-request', id });
    });
  }

  /** Estimates (and keeps) the worker's clock offset. */
  async measureOffset(rounds?: number, signal?: AbortSignal): Promise<ClockOffset> {
    this.offset = await estimateClockOffset(() => this.timeExchange(), { ...(rounds !== undefined ? { rounds } : {}), ...(signal ? { signal } : {}) });
    return this.offset;
  }

  /** A message from this worker (the coordinator routes them here after the hello). */
  receive(message: WorkerMessage): void {
    switch (message.type) {
      case 'time-reply': {
        const t = this.#times.get(message.id);
        if (t === undefined) return;
        this.#times.delete(message.id);
        t.resolve({ t0: t.t0, t1: message.t1, t2: message.t2, t3: this.#now() });
        return;
      }
      case 'load-interval':
        this.#pending.get(message.taskId)?.onInterval?.(message.interval);
        return;
      case 'health':
        this.#onHealth?.(message.interval);
        return;
      case 'result': {
        const p = this.#pending.get(message.taskId);
        if (p === undefined) return;
        this.#pending.delete(message.taskId);
        if (message.result.kind !== p.kind) p.reject(new ProtocolError(`worker ${this.region} answered a ${p.kind} task with a ${message.result.kind} result`));
        else p.resolve(message.result);
        return;
      }
      case 'failed': {
        const p = this.#pending.get(message.taskId);
        if (p === undefined) return;
        this.#pending.delete(message.taskId);
        p.reject(new RemoteTaskError(this.region, message.code, message.message));
        return;
      }
      case 'hello':
        this.#channel.close('a second hello on one connection');
        return;
      case 'heartbeat':
        return;
    }
  }

  /** The connection closed: unless the run ended it, the worker is lost. */
  closed(reason: string): void {
    if (this.#ended || this.#lost !== undefined) return;
    this.#lost = reason;
    const err = new WorkerLostError(this.region, reason);
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    for (const t of this.#times.values()) t.reject(err);
    this.#times.clear();
    for (const l of this.#lostListeners.splice(0)) l(reason);
  }

  /** Ends the session cleanly: tells the worker to exit, closes the connection. */
  end(reason: string): void {
    if (this.#ended) return;
    this.#ended = true;
    const err = new WorkerLostError(this.region, `the run ended (${reason})`);
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    this.#channel.send({ v: 1, type: 'bye', reason });
    this.#channel.close(reason);
  }
}
