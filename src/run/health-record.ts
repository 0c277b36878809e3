/**
 * A HealthInterval (measure/harness-health.ts) as the `health` record of the
 * event log, for every thread that measures itself: the runner, the lab
 * thread, each remote worker. `cpuUs` is a process's CPU: only the record of
 * one thread per process carries it (the lab thread shares the runner's).
 */
import type { HealthInterval } from '../measure/harness-health.ts';
import type { HealthEvent } from './events.ts';

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
