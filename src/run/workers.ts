/**
 * The run's workers: by default one in-process worker per region, made by the
 * target's driver (in the lab each reaches every endpoint through its own
 * client region's ports, so each request pays that link's RTT). Workers sit
 * behind the Worker interface, so remote workers (src/dist/remote-clients.ts,
 * handed in by the CLI) take a region's place without the phases knowing.
 */
import type { LoadWorker } from '../measure/load-types.ts';
import type { Worker } from '../measure/worker.ts';
import type { ResolvedScenario } from '../scenario/resolved.ts';
import type { OpenTarget } from './driver.ts';
import type { RunRecorder } from './recorder.ts';

export interface RunWorkers {
  /** By region name: every region of the scenario has one. */
  readonly workers: ReadonlyMap<string, Worker>;
  workerFor(region: string): Worker;
  /** Who watches a replica region (default workerFor; remote runs may watch from the coordinator). */
  watcherFor?(region: string): Worker;
  /** Who drives the load phase from a region. */
  loaderFor?(region: string): LoadWorker;
  /** Called once the event log is open (remote runs log joins, clock offsets, lost workers and their health), and with undefined before it closes. */
  attach?(recorder: RunRecorder | undefined): void;
  close(): Promise<void>;
}

/** Where the workers come from when the scenario asks for remote ones (`workers.mode: remote`). */
export type RemoteWorkersFactory = (input: { readonly scenario: ResolvedScenario; readonly target: OpenTarget; readonly now: () => number; readonly signal: AbortSignal }) => Promise<RunWorkers>;

export function inProcessWorkers(scenario: ResolvedScenario, target: OpenTarget): RunWorkers {
  const workers = new Map<string, Worker>(scenario.regions.map((r) => [r, target.workerIn(r)]));
  const loaderIn = target.loaderIn?.bind(target);
  return {
    workers,
    workerFor(region) {
      const w = workers.get(region);
      if (w === undefined) throw new Error(`no worker for region "${region}"`);
      return w;
    },
    ...(loaderIn !== undefined ? { loaderFor: (region: string) => loaderIn(region) } : {}),
    async close() {
      await Promise.allSettled([...workers.values()].map((w) => w.close()));
    },
  };
}
