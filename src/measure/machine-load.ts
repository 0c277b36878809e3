/**
 * The machine's load while a run measures, beside the harness's own health:
 * the 1-minute load average, and from /proc/stat (Linux) the share of the
 * machine's CPU time that was busy and the share stolen by the hypervisor
 * (`steal`: a shared cloud runner's neighbours). A benchmark that slowed down
 * because the machine was busier, not because the registry changed, shows
 * here; `replbench compare` sets the two runs' figures side by side.
 *
 * Pure parts (parseProcStat, loadBetween) are tested on text; the sampler
 * reads /proc/stat through an injected reader, so a platform without it
 * records the load average alone.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';

/** Cumulative CPU time of the whole machine, in clock ticks (the `cpu` line of /proc/stat). */
export interface CpuTicks {
  readonly total: number;
  readonly idle: number;
  readonly steal: number;
}

export interface MachineLoadInterval {
  /** 1-minute load average at the end of the interval. */
  readonly load1: number;
  readonly cpus: number;
  /** Busy share of the machine's CPU time over the interval, % (steal excluded); absent without /proc/stat. */
  readonly busyPct?: number;
  /** Stolen share of the machine's CPU time over the interval, %; absent without /proc/stat. */
  readonly stealPct?: number;
}

/**
 * The aggregate `cpu` line: user nice system idle iowait irq softirq steal
 * [guest guest_nice] (guest time is already inside user and nice).
 */
export function parseProcStat(text: string): CpuTicks | undefined {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (line === undefined) return undefined;
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return undefined;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait, steal };
}

/** Busy and stolen shares (%) between two readings; undefined when no tick passed. */
export function loadBetween(a: CpuTicks, b: CpuTicks): { busyPct: number; stealPct: number } | undefined {
  const total = b.total - a.total;
  if (!(total > 0)) return undefined;
  const steal = Math.max(0, b.steal - a.steal);
  const idle = Math.max(0, b.idle - a.idle);
  const pct = (x: number): number => Math.round((1000 * x) / total) / 10;
  return { busyPct: pct(Math.max(0, total - idle - steal)), stealPct: pct(steal) };
}

export interface MachineLoadSamplerOptions {
  /** /proc/stat's text, or undefined where there is none. */
  readonly readProcStat?: () => string | undefined;
  readonly loadavg?: () => readonly number[];
  readonly cpus?: number;
}

function readProcStat(): string | undefined {
  try {
    return readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
}

/** Each sample() covers the time since the previous one (the first: since construction). */
export class MachineLoadSampler {
  readonly #read: () => string | undefined;
  readonly #loadavg: () => readonly number[];
  readonly #cpus: number;
  #last: CpuTicks | undefined;

  constructor(opts: MachineLoadSamplerOptions = {}) {
    this.#read = opts.readProcStat ?? readProcStat;
    this.#loadavg = opts.loadavg ?? loadavg;
    this.#cpus = opts.cpus ?? (typeof availableParallelism === 'function' ? availableParallelism() : cpus().length);
    this.#last = this.#ticks();
  }

  sample(): MachineLoadInterval {
    const now = this.#ticks();
    const shares = this.#last !== undefined && now !== undefined ? loadBetween(this.#last, now) : undefined;
    if (now !== undefined) this.#last = now;
    const load1 = Math.round((this.#loadavg()[0] ?? 0) * 100) / 100;
    return { load1, cpus: this.#cpus, ...(shares ?? {}) };
  }

  #ticks(): CpuTicks | undefined {
    const text = this.#read();
    return text === undefined ? undefined : parseProcStat(text);
  }
}
