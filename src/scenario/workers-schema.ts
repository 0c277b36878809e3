/**
 * The `workers:` section of a scenario (where the per-region workers run) and
 * `replication.watchFrom` (which side of a remote worker probes the replicas),
 * with their defaults, cross-field rules and resolution. schema.ts and
 * resolve.ts only plug them in.
 *
 *   workers: { mode: remote, expect: [eastus, westeurope], joinTimeout: 30s }
 */
import { z } from 'zod';
import { positiveDurationMs, regionName } from '../config/fields.ts';
import { checkRegion, checkUnique, type Fail } from './fail.ts';
import type { ResolvedWorkers, WatchFrom, WorkerMode } from './resolved.ts';

export const WORKER_MODES = ['in-process', 'remote'] as const satisfies readonly WorkerMode[];
export const WATCH_FROM = ['coordinator', 'worker'] as const satisfies readonly WatchFrom[];

export const WORKERS_DEFAULTS = { mode: 'in-process', expect: 'all', joinTimeout: '30s' } as const;
export const WATCH_FROM_DEFAULT: WatchFrom = 'coordinator';

const regionList = z.array(regionName).min(1);

export const workersSchema = z.strictObject({
  mode: z
    .enum(WORKER_MODES)
    .prefault(WORKERS_DEFAULTS.mode)
    .meta({ description: 'in-process: every region measured from this process; remote: one `replbench worker` per region connects to `replbench run --listen`.' }),
  expect: z
    .union([z.literal('all'), regionList], { error: () => 'expected "all" or a list of region names' })
    .prefault(WORKERS_DEFAULTS.expect)
    .meta({ description: 'Remote mode: the regions whose workers must join before the run starts ("all" = every region).' }),
  joinTimeout: positiveDurationMs
    .prefault(WORKERS_DEFAULTS.joinTimeout)
    .meta({ description: 'Remote mode: how long to wait for the expected workers.' }),
});

export const watchFromSchema = z
  .enum(WATCH_FROM)
  .prefault(WATCH_FROM_DEFAULT)
  .meta({
    description:
      'Remote mode: coordinator = probe every replica from the coordinator (one clock, RTT/2 correction); ' +
      'worker = probe from the worker in each region (its clock offset corrected, the offset uncertainty added to the lag\'s).',
  });

export type WorkersParsed = z.output<typeof workersSchema>;

export function resolveWorkers(w: WorkersParsed, regions: readonly string[], fail: Fail): ResolvedWorkers {
  if (Array.isArray(w.expect)) {
    w.expect.forEach((r, i) => checkRegion(r, regions, ['workers', 'expect', i], fail));
    checkUnique(w.expect, (i) => ['workers', 'expect', i], 'region', fail);
  }
  return { mode: w.mode, expect: w.expect === 'all' ? [...regions] : [...w.expect], joinTimeoutMs: w.joinTimeout };
}

/** Remote mode: every region that must measure something has a worker to do it. */
export function checkRemoteCoverage(
  workers: ResolvedWorkers,
  needs: { readonly pullWorkers: readonly string[]; readonly loadWorkers: readonly string[]; readonly watchRegions: readonly string[] },
  fail: Fail,
): void {
  if (workers.mode !== 'remote') return;
  const missing = (names: readonly string[]): string | undefined => names.find((n) => !workers.expect.includes(n));
  const check = (names: readonly string[], path: (string | number)[], what: string): void => {
    const m = missing(names);
    if (m !== undefined) fail(path, `expected every ${what} among workers.expect (${workers.expect.join(', ')}), found "${m}" missing there`);
  };
  check(needs.pullWorkers, ['pull', 'workers'], 'pull worker region');
  check(needs.loadWorkers, ['load', 'workers'], 'load worker region');
  check(needs.watchRegions, ['replication', 'watchFrom'], 'replica region watched from its worker');
}
