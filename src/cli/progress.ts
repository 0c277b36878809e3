/**
 * Run progress on stderr. On a TTY: one live line for the phase under way
 * (pushed n/N, replicated n/N per region, pulls n/N, then the phase's elapsed
 * time, rate and ETA), redrawn in place at most every `redrawMs`, and left
 * behind as a finished line when the phase ends. Without a TTY (CI logs): the
 * same line every `heartbeatMs` while a phase runs (so a 10-minute replication
 * timeout is not silent), and one line per phase when it completes. While a
 * large layer is hashed before its push, the push line says how far.
 */
import type { ProgressEvent, ProgressSnapshot, RunPhase } from '../run/progress.ts';
import { formatBytes } from '../units.ts';

export interface ProgressRendererOptions {
  readonly tty: boolean;
  /** Live line width limit (default 100). */
  readonly columns?: number;
  /** Shortest time between two redraws of the live line (default 100 ms). */
  readonly redrawMs?: number;
  /** Without a TTY: a progress line this often while a phase runs (default 10 s; 0: none). */
  readonly heartbeatMs?: number;
  readonly now?: () => number;
}

export interface ProgressRenderer {
  readonly onProgress: (event: ProgressEvent) => void;
  /** Prints a line above the live one (messages such as "stopping"). */
  note(text: string): void;
  /** Clears the live line. */
  finish(): void;
}

const CLEAR_LINE = '\r\x1b[2K';

export function createProgressRenderer(out: { write(text: string): unknown }, opts: ProgressRendererOptions): ProgressRenderer {
  const columns = Math.max(40, opts.columns ?? 100);
  const redrawMs = opts.redrawMs ?? 100;
  const now = opts.now ?? ((): number => performance.now());
  const heartbeatMs = opts.heartbeatMs ?? 10_000;
  let live = '';
  let lastDrawMs = Number.NEGATIVE_INFINITY;
  let phase: RunPhase | undefined;
  let snapshot: ProgressSnapshot | undefined;
  /** When each running phase started (phases overlap: push and watch). */
  const started = new Map<RunPhase, number>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  const fit = (text: string): string => (text.length > columns - 1 ? `${text.slice(0, columns - 2)}…` : text);
  const current = (): string | undefined =>
    phase === undefined || snapshot === undefined ? undefined : `${liveText(phase, snapshot)}${paceText(phase, snapshot, now() - (started.get(phase) ?? now()))}`;
  const draw = (): void => {
    const text = current();
    if (!opts.tty || text === undefined) return;
    live = fit(text);
    out.write(`${CLEAR_LINE}${live}`);
    lastDrawMs = now();
  };
  const stopHeartbeat = (): void => {
    if (heartbeat !== undefined) clearInterval(heartbeat);
    heartbeat = undefined;
  };
  const startHeartbeat = (): void => {
    if (opts.tty || heartbeatMs <= 0 || heartbeat !== undefined) return;
    heartbeat = setInterval(() => {
      const text = current();
      if (text !== undefined) out.write(`${fit(text)}\n`);
    }, heartbeatMs);
    heartbeat.unref?.();
  };
  const clear = (): void => {
    if (opts.tty && live !== '') out.write(CLEAR_LINE);
    live = '';
  };
  const line = (text: string): void => {
    clear();
    out.write(`${text}\n`);
  };

  return {
    onProgress(e) {
      switch (e.kind) {
        case 'run-dir':
          line(`replbench: run ${e.runId} → ${e.runDir}`);
          return;
        case 'stopping':
          return;
        case 'phase-start':
          phase = e.phase;
          snapshot = e.snapshot;
          started.set(e.phase, now());
          draw();
          startHeartbeat();
          return;
        case 'update':
          phase = e.phase;
          snapshot = e.snapshot;
          if (now() - lastDrawMs >= redrawMs) draw();
          return;
        case 'phase-end':
          snapshot = e.snapshot;
          started.delete(e.phase);
          line(doneText(e.phase, e.snapshot, e.elapsedMs));
          if (phase !== undefined && phase !== e.phase && started.has(phase)) draw();
          else if (phase === e.phase) {
            const other = [...started.keys()].at(-1);
            phase = other;
            if (other === undefined) stopHeartbeat();
            else draw();
          }
          return;
      }
    },
    note(text) {
      const keep = live;
      line(text);
      if (keep !== '' && opts.tty) {
        live = keep;
        out.write(`${CLEAR_LINE}${live}`);
      }
    },
    finish() {
      stopHeartbeat();
      clear();
    },
  };
}

function regionsText(s: ProgressSnapshot): string {
  return Object.entries(s.watch).map(([r, p]) => `${r} ${p.replicated}/${p.total}${p.settled > p.replicated ? ` (${p.settled - p.replicated} not replicated)` : ''}`).join(', ');
}

function failed(n: number): string {
  return n > 0 ? `, ${n} failed` : '';
}

/** ` · hashing a layer 3.2GiB/64GiB` while a large layer is hashed before its push. */
function hashingText(s: ProgressSnapshot): string {
  return s.hashing === undefined ? '' : ` · hashing a layer ${formatBytes(s.hashing.hashedBytes)}/${formatBytes(s.hashing.sizeBytes)}`;
}

/** The live line of a phase. */
export function liveText(phase: RunPhase, s: ProgressSnapshot): string {
  const stop = s.stopping !== undefined ? ' [stopping]' : '';
  switch (phase) {
    case 'rtt':
      return `rtt    measuring ${s.rtt.done + s.rtt.failed}/${s.rtt.total} worker → endpoint round trips${stop}`;
    case 'push':
    case 'watch':
      return `${phase.padEnd(6)} pushed ${s.push.done}/${s.push.total}${failed(s.push.failed)}${hashingText(s)} · replicated ${regionsText(s)}${stop}`;
    case 'pull':
      return `pull   pulls ${s.pull.done + s.pull.failed}/${s.pull.total}${failed(s.pull.failed)}${stop}`;
    case 'load':
      return `load   series ${s.load.done + s.load.failed}/${s.load.total} over${failed(s.load.failed)}${stop}`;
  }
}

/** How far a phase is: items over (any outcome) and planned; undefined for none planned. */
function progressOf(phase: RunPhase, s: ProgressSnapshot): { done: number; total: number } | undefined {
  const of = (c: { done: number; failed: number; total: number }): { done: number; total: number } => ({ done: c.done + c.failed, total: c.total });
  switch (phase) {
    case 'rtt':
      return of(s.rtt);
    case 'push':
      return of(s.push);
    case 'watch': {
      const regions = Object.values(s.watch);
      return { done: regions.reduce((n, r) => n + r.settled, 0), total: regions.reduce((n, r) => n + r.total, 0) };
    }
    case 'pull':
      return of(s.pull);
    case 'load':
      return of(s.load);
  }
}

/** ` · 12.3 s, 4.2/s, ETA 20 s`: elapsed always; rate and ETA once a second has passed and something is done. */
export function paceText(phase: RunPhase, s: ProgressSnapshot, elapsedMs: number): string {
  let text = ` · ${formatSeconds(elapsedMs)}`;
  const p = progressOf(phase, s);
  if (p === undefined || p.done <= 0 || elapsedMs < 1000) return text;
  const perSec = p.done / (elapsedMs / 1000);
  text += `, ${perSec >= 10 ? perSec.toFixed(0) : perSec.toFixed(1)}/s`;
  if (p.total > p.done) text += `, ETA ${formatSeconds(((p.total - p.done) / perSec) * 1000)}`;
  return text;
}

/** 2345 → "2.3 s", 125000 → "2m05s". */
export function formatSeconds(ms: number): string {
  const secs = Math.max(0, ms) / 1000;
  if (secs < 60) return `${secs.toFixed(1)} s`;
  const whole = Math.round(secs);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

/** The line a phase leaves when it ends. */
export function doneText(phase: RunPhase, s: ProgressSnapshot, elapsedMs: number): string {
  const took = `in ${(elapsedMs / 1000).toFixed(1)} s`;
  switch (phase) {
    case 'rtt':
      return `rtt    ${s.rtt.done}/${s.rtt.total} round trips measured${failed(s.rtt.failed)} ${took}`;
    case 'push':
      return `push   ${s.push.done}/${s.push.total} images pushed${failed(s.push.failed)} ${took}`;
    case 'watch':
      return `watch  replicated ${regionsText(s)} ${took}`;
    case 'pull':
      return `pull   ${s.pull.done}/${s.pull.total} pulls${failed(s.pull.failed)} ${took}`;
    case 'load':
      return `load   ${s.load.done}/${s.load.total} load series${failed(s.load.failed)} ${took}`;
  }
}
