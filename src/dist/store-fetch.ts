/**
 * Bringing a stored run back to read it: `replbench report latest-pass --store URL`
 * and `replbench compare --store URL …` list the store, pick the run (`latest`,
 * `latest-pass`, or a run id; optionally of one scenario; for compare's
 * baseline, the newest passing run before the candidate) and download it into
 * a fresh directory under `parentDir`.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, NoBaselineError } from '../errors.ts';
import { selectBaseline, selectRun, type BaselineFor, type RunSelector } from './store.ts';
import type { ResultsStore } from './store-types.ts';
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

/** The newest stored run that can be the candidate's baseline (selectBaseline), downloaded. */
export async function fetchBaseline(
  store: ResultsStore,
  candidate: BaselineFor,
  options: { readonly parentDir?: string; readonly signal?: AbortSignal } = {},
): Promise<FetchedRun> {
  const signal = options.signal === undefined ? {} : { signal: options.signal };
  const ref = selectBaseline(await store.list('', signal), candidate);
  if (ref === undefined) {
    throw new NoBaselineError(`${store.url}: no complete run of scenario "${candidate.scenario}" whose thresholds all passed, started before ${candidate.startedAt} (the candidate ${candidate.runId} aside)`);
  }
  const dir = await mkdtemp(join(options.parentDir ?? tmpdir(), 'replbench-run-'));
  return { ref, runDir: await store.get(ref.runId, dir, signal) };
}
