/**
 * The embedded lab off the harness's event loop: the whole lab (every
 * region's registry, shaped ports, replicator, faults, ground truth, control
 * endpoint) runs in a worker thread of its own (lab-thread-main.ts), so its
 * paced writes, RTT timers and copies no longer delay the harness's probe
 * timers and the reading of its answers, and the two loops use both cores.
 * The harness still talks to it over real HTTP on 127.0.0.1 only.
 *
 * One clock: both threads read CLOCK_MONOTONIC (process.hrtime, the clock
 * performance.now is built on). The host sends its (hrtime, now()) pair at
 * start; the thread maps its own hrtime onto the host's `now` with it, so
 * ground truth is on the run clock. What that costs is measured at start by
 * an NTP-style exchange (offset of the thread's now() from the host's
 * midpoint, ± half the round trip) and returned as `clockCheck`.
 *
 * Ground truth is asked for when a watch ends (an async round trip; the lab
 * records an arrival before it serves the hit that ends the watch). The
 * thread's own health (event-loop delay, CPU) comes back once a second.
 *
 * A lab thread that dies mid-run (an uncaught error, out of memory) closes
 * every port with it: probes and pulls then fail as "unreachable" and become
 * errored outcomes, and `died` says why; truth lookups answer undefined.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { extname } from 'node:path';
import { ConfigError } from '../errors.ts';
import type { HealthInterval } from '../measure/harness-health.ts';
import type { LabConfig } from '../lab/lab-config.ts';
import type { LabRegionInfo } from '../lab/lab.ts';

/** Host → thread. */
export type LabHostMessage =
  | { readonly kind: 'truth'; readonly id: number; readonly repo: string; readonly digest: string; readonly region: string }
  | { readonly kind: 'now'; readonly id: number }
  /** End the current health interval now; answered with 'now' once it has been sent. */
  | { readonly kind: 'flush-health'; readonly id: number }
  | { readonly kind: 'close' };

/** Thread → host. */
export type LabThreadMessage =
  | { readonly kind: 'ready'; readonly regions: readonly LabRegionInfo[]; readonly controlUrl: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'truth'; readonly id: number; readonly lagMs: number | undefined }
  | { readonly kind: 'now'; readonly id: number; readonly nowMs: number }
  | { readonly kind: 'health'; readonly interval: HealthInterval }
  | { readonly kind: 'closed' };

export interface LabThreadData {
  readonly config: LabConfig;
  /** The host's hrtime (ns, as a decimal string) and its now() read at the same instant. */
  readonly anchor: { readonly hrtimeNs: string; readonly nowMs: number };
}

export interface ClockCheck {
  /** The thread's now() minus the host's at the same instant (midpoint of the exchange), ms. */
  readonly offsetMs: number;
  /** Half the exchange's round trip, ms: the offset is known to within this. */
  readonly uncertaintyMs: number;
}

export interface LabThread {
  readonly regions: readonly LabRegionInfo[];
  readonly controlUrl: string;
  readonly clockCheck: ClockCheck;
  endpointFor(server: string, client?: string): string;
  /** True lag in ms (pullable − committed) once pullable in `region`; undefined otherwise. */
  truthLagMs(repo: string, digest: string, region: string): Promise<number | undefined>;
  /** Resolves once the thread's current health interval has reached onHealth. */
  flushHealth(): Promise<void>;
  /** Set when the thread ended without being asked to. */
  readonly died: string | undefined;
  /** Called once, with `died`, when the thread ends without being asked to (after start). */
  onDied(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export interface LabThreadOptions {
  /** The run clock (ms, real speed: performance.now by default). */
  readonly now: () => number;
  readonly onHealth?: (interval: HealthInterval) => void;
}

const ENTRY = new URL(`./lab-thread-main${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * A worker running this source tree's .ts files needs tsx's loader, which a
 * worker does not inherit from the host's register() (nor take from
 * execArgv on Node 20): a two-line bootstrap registers it, then imports the
 * entry. Compiled .js is started directly.
 */
function createWorker(entry: URL, workerData: LabThreadData): Worker {
  const options = { workerData, stdout: false, stderr: false } as const;
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

export async function startLabThread(config: LabConfig, opts: LabThreadOptions): Promise<LabThread> {
  const anchor = { hrtimeNs: process.hrtime.bigint().toString(), nowMs: opts.now() };
  const worker = createWorker(ENTRY, { config, anchor });
  const pending = new Map<number, (m: LabThreadMessage | undefined) => void>();
  let nextId = 1;
  let died: string | undefined;
  let closing = false;
  let closed: () => void = () => undefined;
  let diedListener: ((reason: string) => void) | undefined;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  const ready = new Promise<Extract<LabThreadMessage, { kind: 'ready' }>>((resolve, reject) => {
    worker.on('message', (m: LabThreadMessage) => {
      switch (m.kind) {
        case 'ready':
          resolve(m);
          return;
        case 'failed':
          reject(new ConfigError(m.message));
          return;
        case 'truth':
        case 'now':
          pending.get(m.id)?.(m);
          pending.delete(m.id);
          return;
        case 'health':
          opts.onHealth?.(m.interval);
          return;
        case 'closed':
          closed();
          return;
      }
    });
    worker.once('error', (err) => {
      died ??= `the lab thread failed: ${err.message}`;
      reject(new ConfigError(died, { cause: err }));
    });
    worker.once('exit', (code) => {
      if (!closing) died ??= `the lab thread exited with code ${code}`;
      for (const settle of pending.values()) settle(undefined);
      pending.clear();
      closed();
      if (died !== undefined) diedListener?.(died);
      reject(new ConfigError(died ?? 'the lab thread exited before it was ready'));
    });
  });
  type Question = Extract<LabHostMessage, { kind: 'truth' | 'now' | 'flush-health' }>;
  const ask = (message: Question): Promise<LabThreadMessage | undefined> =>
    new Promise((resolve) => {
      if (died !== undefined || closing) return resolve(undefined);
      pending.set(message.id, resolve);
      worker.postMessage(message);
    });

  let info: Extract<LabThreadMessage, { kind: 'ready' }>;
  try {
    info = await ready;
  } catch (err: unknown) {
    await worker.terminate();
    throw err;
  }
  const clockCheck = await checkClock(opts.now, () => ask({ kind: 'now', id: nextId++ }).then((m) => (m?.kind === 'now' ? m.nowMs : Number.NaN)));
  const names = info.regions.map((r) => r.name);
  return {
    regions: info.regions,
    controlUrl: info.controlUrl,
    clockCheck,
    endpointFor(server, client = server) {
      const r = info.regions.find((x) => x.name === server);
      const url = r?.endpoints[client];
      if (url === undefined) throw new ConfigError(`unknown region "${r === undefined ? server : client}" (regions: ${names.join(', ')})`);
      return url;
    },
    async truthLagMs(repo, digest, region) {
      const m = await ask({ kind: 'truth', id: nextId++, repo, digest, region });
      return m?.kind === 'truth' ? m.lagMs : undefined;
    },
    async flushHealth() {
      await ask({ kind: 'flush-health', id: nextId++ });
    },
    get died() {
      return died;
    },
    onDied(listener) {
      diedListener = listener;
      if (died !== undefined) listener(died);
    },
    async close() {
      if (closing) return exited;
      closing = true;
      if (died === undefined) {
        const done = new Promise<void>((resolve) => (closed = resolve));
        worker.postMessage({ kind: 'close' } satisfies LabHostMessage);
        const timer = setTimeout(() => void worker.terminate(), 10_000);
        await done;
        clearTimeout(timer);
      }
      await worker.terminate();
      await exited;
    },
  };
}

/** 16 exchanges; the one with the shortest round trip sets offset ± half of it. */
export async function checkClock(now: () => number, remoteNow: () => Promise<number>): Promise<ClockCheck> {
  let best: ClockCheck | undefined;
  for (let i = 0; i < 16; i++) {
    const t0 = now();
    const remote = await remoteNow();
    const t1 = now();
    if (!Number.isFinite(remote)) continue;
    const c = { offsetMs: remote - (t0 + t1) / 2, uncertaintyMs: (t1 - t0) / 2 };
    if (best === undefined || c.uncertaintyMs < best.uncertaintyMs) best = c;
  }
  return best ?? { offsetMs: Number.NaN, uncertaintyMs: Number.NaN };
}
