/**
 * What a run tells its caller while it runs: which phase, and counts — pushed
 * n/N, replicated n/N per replica region, pulls n/N. Plain data; the CLI
 * decides how to show it (src/cli/progress.ts).
 */
export type RunPhase = 'rtt' | 'push' | 'watch' | 'pull' | 'load';

export const RUN_PHASES: readonly RunPhase[] = ['rtt', 'push', 'watch', 'pull', 'load'];

export interface RegionProgress {
  /** Watches over with a replicated outcome. */
  readonly replicated: number;
  /** Watches over, any outcome. */
  readonly settled: number;
  /** Watches to run: one per image pushed (so far). */
  readonly total: number;
}

export interface ProgressSnapshot {
  readonly rtt: { readonly done: number; readonly failed: number; readonly total: number };
  readonly push: { readonly done: number; readonly failed: number; readonly total: number };
  /** Per replica region, in scenario order. */
  readonly watch: Readonly<Record<string, RegionProgress>>;
  readonly pull: { readonly done: number; readonly failed: number; readonly total: number };
  /** Load series (worker × endpoint) over, and planned. */
  readonly load: { readonly done: number; readonly failed: number; readonly total: number };
  /** Set once the run was asked to stop (why). */
  readonly stopping?: string;
  /** A large layer being hashed before its push (bytes hashed, layer size); absent when none is. */
  readonly hashing?: { readonly hashedBytes: number; readonly sizeBytes: number };
}

export type ProgressEvent =
  | { readonly kind: 'phase-start'; readonly phase: RunPhase; readonly snapshot: ProgressSnapshot }
  | { readonly kind: 'update'; readonly phase: RunPhase; readonly snapshot: ProgressSnapshot }
  | { readonly kind: 'phase-end'; readonly phase: RunPhase; readonly elapsedMs: number; readonly snapshot: ProgressSnapshot }
  /** The run directory exists and the event log is open. */
  | { readonly kind: 'run-dir'; readonly runId: string; readonly runDir: string }
  | { readonly kind: 'stopping'; readonly reason: string };

export type ProgressListener = (event: ProgressEvent) => void;

/** Mutable counters behind the snapshots (the runner's bookkeeping). */
export class ProgressTracker {
  readonly rtt = { done: 0, failed: 0, total: 0 };
  readonly push = { done: 0, failed: 0, total: 0 };
  readonly pull = { done: 0, failed: 0, total: 0 };
  readonly load = { done: 0, failed: 0, total: 0 };
  readonly watch = new Map<string, { replicated: number; settled: number; total: number }>();
  stopping: string | undefined;
  hashing: { hashedBytes: number; sizeBytes: number } | undefined;

  constructor(replicaRegions: readonly string[]) {
    for (const r of replicaRegions) this.watch.set(r, { replicated: 0, settled: 0, total: 0 });
  }

  region(name: string): { replicated: number; settled: number; total: number } {
    let r = this.watch.get(name);
    if (r === undefined) {
      r = { replicated: 0, settled: 0, total: 0 };
      this.watch.set(name, r);
    }
    return r;
  }

  snapshot(): ProgressSnapshot {
    const watch: Record<string, RegionProgress> = {};
    for (const [name, r] of this.watch) watch[name] = { ...r };
    return {
      rtt: { ...this.rtt },
      push: { ...this.push },
      watch,
      pull: { ...this.pull },
      load: { ...this.load },
      ...(this.stopping !== undefined ? { stopping: this.stopping } : {}),
      ...(this.hashing !== undefined ? { hashing: { ...this.hashing } } : {}),
    };
  }
}
