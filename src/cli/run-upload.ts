/**
 * `replbench run --store URL`: once a run has ended — complete, interrupted
 * (SIGINT: a partial run, its reports marked incomplete) or stopped by an
 * error — its directory goes to the results store, so `compare --store` and
 * `report --store` find it later. A failed upload loses nothing measured (the
 * run directory stays where it is) but is not silent: a run that would have
 * exited 0 exits with the upload error's code instead, since a nightly job
 * that reads only the exit code would otherwise lose its history unnoticed.
 * Ctrl-C (or SIGTERM) during the upload abandons it: the run's own signal
 * handlers are done with by then, so the upload listens for itself.
 */
import type { ResultsStore } from '../dist/store-types.ts';
import { AbortedError, describeError } from '../errors.ts';
import type { RunResult } from '../run/finish-run.ts';
import { exitCodeFor } from './exit-codes.ts';
import type { CliIo } from './io.ts';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Uploads the run directory; returns the exit code the command ends with. */
export async function uploadRun(io: CliIo, store: ResultsStore, result: Pick<RunResult, 'runDir' | 'complete' | 'interrupted'>, exitCode: number): Promise<number> {
  const what = result.complete ? 'the run' : `the partial run (${result.interrupted ?? 'incomplete'})`;
  const stop = new AbortController();
  const handlers = STOP_SIGNALS.map((name) => [name, (): void => stop.abort(new AbortedError(`the upload was interrupted (${name})`))] as const);
  for (const [name, handler] of handlers) process.on(name, handler);
  try {
    const url = await store.put(result.runDir, { signal: stop.signal });
    io.stderr.write(`replbench: uploaded ${what} to ${url}\n`);
    return exitCode;
  } catch (err: unknown) {
    io.stderr.write(`replbench: could not upload ${what} to ${store.url}: ${describeError(err)} (the run directory ${result.runDir} is intact)\n`);
    return exitCode !== 0 ? exitCode : exitCodeFor(stop.signal.aborted ? stop.signal.reason : err);
  } finally {
    for (const [name, handler] of handlers) process.off(name, handler);
  }
}
