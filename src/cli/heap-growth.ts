/**
 * How fast V8 lets the heap grow during `replbench run --low-memory`.
 *
 * A long run allocates steadily (every probe is a request, a response and a
 * few records) while what it keeps is small: a heap snapshot at 2,000 images ×
 * 6 regions held ~110 MB of live objects while the process's RSS was ~440 MB.
 * The rest is heap V8 committed because its default growing factor sized old
 * space for a burst that never ends. A factor of 1.3 makes old space grow in
 * small steps: 10,000 images × 5 regions peaked at 772 MB instead of 920 MB,
 * 1,000 × 5 at 323 instead of 470 MB. The price is more collections on the
 * loop that sends the probes: on a saturated 2-core machine 1,000 × 5 @ 50/s
 * kept 45–49 % of its lags within the goal instead of 62–69 % (BENCHMARKS.md,
 * "Memory at 10,000 images"). Precision comes first, so it is a choice
 * (`--low-memory`), not the default.
 *
 * The flag is process-wide and read at every GC, so setting it when the run
 * command starts covers the runner and the lab's worker thread alike. A user
 * who sets --heap-growing-percent (NODE_OPTIONS or node's own arguments)
 * keeps their value.
 */
import { setFlagsFromString } from 'node:v8';

/** With --low-memory, old space may grow to (1 + 30 %) × its live size after a collection. */
export const RUN_HEAP_GROWING_PERCENT = 30;

const FLAG = 'heap-growing-percent';

let setPercent: number | undefined;

/** The growing percent this process's run set (`--low-memory`), or undefined when it left V8's own. */
export function runHeapGrowingPercent(): number | undefined {
  return setPercent;
}

/** Whether the user already chose a growing factor for this process. */
export function heapGrowthChosen(execArgv: readonly string[], nodeOptions: string | undefined): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) => arg.replace(/_/g, '-').includes(FLAG));
}

/** Sets the run's growing factor unless the user chose one; returns whether it set it. */
export function applyRunHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string | undefined = process.env['NODE_OPTIONS'],
  setFlags: (flags: string) => void = setFlagsFromString,
): boolean {
  if (heapGrowthChosen(execArgv, nodeOptions)) return false;
  setFlags(`--${FLAG}=${RUN_HEAP_GROWING_PERCENT}`);
  if (setFlags === setFlagsFromString) setPercent = RUN_HEAP_GROWING_PERCENT;
  return true;
}
