/**
 * Records of the processes that measure: remote workers joining and being
 * lost, their clock offsets, every process's own health intervals and the
 * machine's load.
 */
import { z } from 'zod';
import { count, nonNeg, num, str, type Frozen } from './fields.ts';

/** A remote worker joined the run (src/dist/coordinator.ts). */
export const workerJoinedSchema = z.object({
  type: z.literal('worker-joined'),
  t: nonNeg,
  region: str,
  /** Host name and process id the worker reported (never credentials). */
  host: str,
  pid: count,
  version: str,
});
export type WorkerJoinedEvent = Frozen<z.infer<typeof workerJoinedSchema>>;

/** A remote worker was lost mid-run: its series are partial from here on; the run went on. */
export const workerLostSchema = z.object({ type: z.literal('worker-lost'), t: nonNeg, region: str, reason: str });
export type WorkerLostEvent = Frozen<z.infer<typeof workerLostSchema>>;

/**
 * A worker's clock offset (its clock − the coordinator's) from an NTP-style
 * exchange: the sample with the smallest round trip of `rounds`; the true
 * offset lies within offsetUs ± uncertaintyUs (half that round trip).
 */
export const clockOffsetSchema = z.object({
  type: z.literal('clock-offset'),
  t: nonNeg,
  worker: str,
  offsetUs: num,
  uncertaintyUs: nonNeg,
  rttUs: nonNeg,
  rounds: count,
});
export type ClockOffsetEvent = Frozen<z.infer<typeof clockOffsetSchema>>;

/**
 * One interval (about a second) of a process's own health
 * (src/measure/harness-health.ts): event-loop delay and probe send lateness
 * as compressed HDR histograms in µs, CPU time. t = the interval's start.
 */
export const healthSchema = z.object({
  type: z.literal('health'),
  t: nonNeg,
  /** Which process: 'runner' (the process that runs the scenario), 'lab', or 'worker:<region>'. */
  source: str,
  lengthUs: nonNeg,
  loopDelay: str,
  loopDelayMaxUs: nonNeg,
  /** The thread's event loop busy time (µs). */
  busyUs: nonNeg.optional(),
  /** CPU time of the whole process (µs, every thread); only the runner's records carry it. */
  cpuUs: nonNeg.optional(),
  /** Region → lateness of the probes of watches that ended in the interval. */
  probeLateness: z.record(str, str),
  /** How late the thread's own timed callbacks ran (the lab's link delays and copies). */
  timerLateness: str.optional(),
});
export type HealthEvent = Frozen<z.infer<typeof healthSchema>>;

/**
 * The machine's load over one health interval of the runner
 * (src/measure/machine-load.ts): 1-minute load average, and from /proc/stat
 * the busy and stolen shares of the whole machine's CPU. t = the interval's start.
 */
export const machineLoadSchema = z.object({
  type: z.literal('machine-load'),
  t: nonNeg,
  lengthUs: nonNeg,
  load1: nonNeg,
  cpus: nonNeg,
  busyPct: nonNeg.optional(),
  stealPct: nonNeg.optional(),
});
export type MachineLoadEvent = Frozen<z.infer<typeof machineLoadSchema>>;
