/**
 * Bringing a stored run back to read it: `replbench report latest-pass --store URL`
 * (and later `compare`) lists the store, picks the run (`latest`,
 * `latest-pass`, or a run id; optionally of one scenario) and downloads it
 * into a fresh directory under `parentDir`.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors.ts';
import { selectRun, type ResultsStore, type RunSelector } from './store.ts';
import type { RunRef } from './store-run-files.ts';

export interface FetchedRun {
  readonly ref: RunRef;
  /** The downloaded run directory (`<fresh dir>/<run-id>`). */
  readonly runDir: string;
}

export async function fetchRun(
  store: ResultsStore,
  selector: RunSelector,
  options: { readonly scenario?: string; readonly parentDir?: string; readonly signal?: AbortSignal } = {},
): Promise<FetchedRun> {
  const runs = await store.list(selector === 'latest' || selector === 'latest-pass' ? '' : selector, options.signal === undefined ? {} : { signal: options.signal });
  const ref = selectRun(runs, selector, options.scenario);
  if (ref === undefined) {
    const of = options.scenario === undefined ? '' : ` of scenario ${options.scenario}`;
    const what = selector === 'latest' ? `no run${of}` : selector === 'latest-pass' ? `no complete run${of} whose thresholds all passed` : `no run ${selector}${of}`;
    throw new ConfigError(`${store.url}: ${what}`);
  }
  const dir = await mkdtemp(join(options.parentDir ?? tmpdir(), 'replbench-run-'));
  const runDir = await store.get(ref.runId, dir, options.signal === undefined ? {} : { signal: options.signal });
  return { ref, runDir };
}
