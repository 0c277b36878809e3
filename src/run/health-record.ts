/**
 * A HealthInterval (measure/harness-health.ts) as the `health` record of the
 * event log, for every thread that measures itself: the runner, the lab
 * thread, each remote worker. `cpuUs` is a process's CPU: only the record of
 * one thread per process carries it (the lab thread shares the runner's).
 */
import type { HealthInterval } from '../measure/harness-health.ts';
import type { MachineLoadInterval } from '../measure/machine-load.ts';
import type { HealthEvent, MachineLoadEvent } from '../events/index.ts';

export function healthRecord(source: string, i: HealthInterval, withCpu: boolean): Omit<HealthEvent, 't'> {
  return {
    type: 'health',
    source,
    lengthUs: Math.round(i.lengthMs * 1000),
    loopDelay: i.loopDelay,
    loopDelayMaxUs: i.loopDelayMaxUs,
    busyUs: i.busyUs,
    ...(withCpu ? { cpuUs: i.cpuUs } : {}),
    probeLateness: i.probeLateness,
    ...(i.timerLateness !== undefined ? { timerLateness: i.timerLateness } : {}),
  };
}

/** The machine's load over the same interval as the runner's health record (its `t` and length). */
export function machineLoadRecord(i: HealthInterval, m: MachineLoadInterval): Omit<MachineLoadEvent, 't'> {
  return { type: 'machine-load', lengthUs: Math.round(i.lengthMs * 1000), ...m };
}
