/**
 * SIGINT and SIGTERM, handled alike by every long-running command (run,
 * worker, lab, k6 ingest). Kubernetes sends SIGTERM on eviction, at
 * activeDeadlineSeconds, on a CronJob's Replace and on a node drain; a
 * terminal sends SIGINT on Ctrl-C. Either one must end a run the way an
 * interrupted run ends — never as a process killed mid-write.
 *
 *   first signal   `stop` fires: start nothing new, let work in flight finish
 *                  within the command's grace period, then write run-end
 *                  (complete: false) and every report
 *   second signal  `abort` fires: cancel work in flight now (the run-end and
 *                  the reports are still written, from what was logged)
 *
 *   third signal   (from the process only) the handlers are removed and the
 *                  signal raised again: the default action ends the process
 *                  at once — the way out of anything that ignores `abort`
 *
 * The exit code follows the first signal: 130 for SIGINT, 143 for SIGTERM
 * (128 + the signal number, what a shell and Kubernetes show for a process
 * those signals ended). While listening, the default action (exit at once)
 * is off for both signals; dispose() gives it back.
 */
import { interruptExitCode, type InterruptSignal } from './exit-codes.ts';

export type { InterruptSignal } from './exit-codes.ts';

export const INTERRUPT_SIGNALS: readonly InterruptSignal[] = ['SIGINT', 'SIGTERM'];

/** Where signals come from: the process, or an emitter in tests. */
export interface SignalSource {
  on(signal: InterruptSignal, listener: () => void): unknown;
  off(signal: InterruptSignal, listener: () => void): unknown;
}

export interface InterruptsOptions {
  /** Default: process. */
  readonly source?: SignalSource;
  /** Called on the first signal, after `stop` fired (a line for the user, say). */
  readonly onFirst?: (signal: InterruptSignal) => void;
  /** Called on the second signal (and a third one from an injected source), after `abort` fired. */
  readonly onSecond?: (signal: InterruptSignal) => void;
}

export class Interrupts {
  readonly #stop = new AbortController();
  readonly #abort = new AbortController();
  readonly #source: SignalSource;
  readonly #listeners = new Map<InterruptSignal, () => void>();
  readonly #o: InterruptsOptions;
  #first: InterruptSignal | undefined;
  #count = 0;

  constructor(opts: InterruptsOptions = {}) {
    this.#o = opts;
    this.#source = opts.source ?? process;
    for (const signal of INTERRUPT_SIGNALS) {
      const listener = (): void => this.#received(signal);
      this.#listeners.set(signal, listener);
      this.#source.on(signal, listener);
    }
  }

  /** Fires on the first signal: start nothing new. Its reason reads "interrupted (SIGTERM)". */
  get stop(): AbortSignal {
    return this.#stop.signal;
  }

  /** Fires on the second signal: abort work in flight. */
  get abort(): AbortSignal {
    return this.#abort.signal;
  }

  /** The first signal received; undefined while none was. */
  get first(): InterruptSignal | undefined {
    return this.#first;
  }

  /** Signals received so far. */
  get count(): number {
    return this.#count;
  }

  /** 130 or 143 by the first signal; undefined while none was received. */
  get exitCode(): number | undefined {
    return this.#first === undefined ? undefined : interruptExitCode(this.#first);
  }

  /** Stops listening; the signals' default action (exit) is back once no other listener remains. */
  dispose(): void {
    for (const [signal, listener] of this.#listeners) this.#source.off(signal, listener);
    this.#listeners.clear();
  }

  #received(signal: InterruptSignal): void {
    this.#count++;
    if (this.#first === undefined) {
      this.#first = signal;
      this.#stop.abort(`interrupted (${signal})`);
      this.#o.onFirst?.(signal);
      return;
    }
    if (this.#count >= 3 && this.#source === process) {
      this.dispose();
      process.kill(process.pid, signal);
      return;
    }
    if (!this.#abort.signal.aborted) this.#abort.abort(`interrupted again (${signal})`);
    this.#o.onSecond?.(signal);
  }
}

/** How a user ends the command a second time, for the first signal's note. */
export function secondSignalHint(signal: InterruptSignal): string {
  return signal === 'SIGINT' ? 'Ctrl-C again' : 'a second SIGTERM or SIGINT';
}
