/** One figure a benchmark measured. Every bench/*.bench.ts exports a function returning a list of these. */
export interface BenchResult {
  /** What was measured, e.g. "workload.content-generation". */
  readonly name: string;
  readonly value: number;
  /** The unit of `value`, e.g. "GB/s", "ms", "ops/s". */
  readonly unit: string;
  /** How it was measured (volume, repetitions, spread). */
  readonly detail?: string;
}
