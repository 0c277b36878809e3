/**
 * Run progress on stderr. On a TTY: one live line for the phase under way
 * (pushed n/N, replicated n/N per region, pulls n/N), redrawn in place at
 * most every `redrawMs`, and left behind as a finished line when the phase
 * ends. Without a TTY (CI logs): one line per phase when it completes.
 */
import type { ProgressEvent, ProgressSnapshot, RunPhase } from '../run/progress.ts';

export interface ProgressRendererOptions {
  readonly tty: boolean;
  /** Live line width limit (default 100). */
  readonly columns?: number;
  /** Shortest time between two redraws of the live line (default 100 ms). */
  readonly redrawMs?: number;
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
  let live = '';
  let lastDrawMs = Number.NEGATIVE_INFINITY;
  let phase: RunPhase | undefined;

  const draw = (text: string): void => {
    if (!opts.tty) return;
    live = text.length > columns - 1 ? `${text.slice(0, columns - 2)}…` : text;
    out.write(`${CLEAR_LINE}${live}`);
    lastDrawMs = now();
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
          draw(liveText(e.phase, e.snapshot));
          return;
        case 'update':
          phase = e.phase;
          if (now() - lastDrawMs >= redrawMs) draw(liveText(e.phase, e.snapshot));
          return;
        case 'phase-end':
          line(doneText(e.phase, e.snapshot, e.elapsedMs));
          if (phase !== undefined && phase !== e.phase) draw(liveText(phase, e.snapshot));
          return;
      }
    },
    note(text) {
      const keep = live;
      line(text);
      if (keep !== '') draw(keep);
    },
    finish: clear,
  };
}

function regionsText(s: ProgressSnapshot): string {
  return Object.entries(s.watch).map(([r, p]) => `${r} ${p.replicated}/${p.total}${p.settled > p.replicated ? ` (${p.settled - p.replicated} not replicated)` : ''}`).join(', ');
}

function failed(n: number): string {
  return n > 0 ? `, ${n} failed` : '';
}

/** The live line of a phase. */
export function liveText(phase: RunPhase, s: ProgressSnapshot): string {
  const stop = s.stopping !== undefined ? ' [stopping]' : '';
  switch (phase) {
    case 'rtt':
      return `rtt    measuring ${s.rtt.done + s.rtt.failed}/${s.rtt.total} worker → endpoint round trips${stop}`;
    case 'push':
    case 'watch':
      return `${phase.padEnd(6)} pushed ${s.push.done}/${s.push.total}${failed(s.push.failed)} · replicated ${regionsText(s)}${stop}`;
    case 'pull':
      return `pull   pulls ${s.pull.done + s.pull.failed}/${s.pull.total}${failed(s.pull.failed)}${stop}`;
    case 'load':
      return `load   series ${s.load.done + s.load.failed}/${s.load.total} over${failed(s.load.failed)}${stop}`;
  }
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
