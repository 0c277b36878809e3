/**
 * When a hierarchy node may sync with its parent, like ACR connected
 * registries' syncSchedule + syncWindow: a schedule of start instants (a cron
 * expression in UTC, 5 fields or 6 with seconds first, or "every 10s" counted
 * from lab start) and an optional window during which sync stays on after
 * each start. No schedule = continuous sync. A schedule without a window syncs
 * only at the start instants.
 */
import { ConfigError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';

export interface SyncPolicy {
  readonly description: string;
  /** Earliest time ≥ atMs (lab clock, ms) at which data may cross this node's link. */
  nextSyncMs(atMs: number): number;
}

export interface SyncSpec {
  readonly schedule?: string;
  readonly windowMs?: number;
}

type NextTick = (epochMs: number) => number;

export function createSyncPolicy(spec: SyncSpec, clock: Pick<Clock, 'toEpochMs'>, labStartMs: number): SyncPolicy {
  if (spec.schedule === undefined) return { description: 'continuous', nextSyncMs: (t) => t };
  const schedule = spec.schedule;
  const windowMs = spec.windowMs ?? 0;
  const nextTickEpoch = parseSchedule(schedule, clock.toEpochMs(labStartMs));
  const description = windowMs > 0 ? `${schedule}, window ${windowMs}ms` : schedule;
  return {
    description,
    nextSyncMs(atMs) {
      const offset = clock.toEpochMs(atMs) - atMs;
      const e = atMs + offset;
      if (windowMs > 0) {
        const openedAt = nextTickEpoch(e - windowMs + 0.001);
        if (openedAt <= e) return atMs;
      }
      return nextTickEpoch(e) - offset;
    },
  };
}

/** Throws ConfigError when the text is neither "every <duration>" nor a 5/6-field cron expression. */
export function parseSchedule(text: string, originEpochMs = 0): NextTick {
  const every = /^\s*every\s+(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/i.exec(text);
  if (every) {
    const intervalMs = Number(every[1]) * ({ ms: 1, s: 1e3, m: 60e3, h: 3600e3 }[(every[2] as string).toLowerCase()] ?? NaN);
    if (!(intervalMs > 0)) throw new ConfigError(`expected an interval > 0 in "${text}"`);
    return (e) => (e <= originEpochMs ? originEpochMs : originEpochMs + Math.ceil((e - originEpochMs) / intervalMs) * intervalMs);
  }
  return parseCron(text);
}

const FIELD_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0, 59], // second
  [0, 59], // minute
  [0, 23], // hour
  [1, 31], // day of month
  [1, 12], // month
  [0, 7], // day of week (0 and 7 = Sunday)
];

function parseCron(text: string): NextTick {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) {
    throw new ConfigError(`expected a cron expression of 5 or 6 fields or "every 10s", found "${text}"`);
  }
  const fields = parts.length === 5 ? ['0', ...parts] : parts;
  const sets = fields.map((f, i) => parseField(f, FIELD_RANGES[i] as readonly [number, number], text));
  const [sec, min, hour, dom, month, dowRaw] = sets as [boolean[], boolean[], boolean[], boolean[], boolean[], boolean[]];
  const dow = dowRaw.slice();
  if (dow[7]) dow[0] = true;
  const domStar = fields[3] === '*' || fields[3] === '?';
  const dowStar = fields[5] === '*' || fields[5] === '?';
  const dayMatches = (d: Date): boolean => {
    const a = dom[d.getUTCDate()] === true;
    const b = dow[d.getUTCDay()] === true;
    if (domStar && dowStar) return true;
    if (domStar) return b;
    if (dowStar) return a;
    return a || b;
  };
  return (epochMs) => {
    const d = new Date(Math.ceil(epochMs / 1000) * 1000);
    for (let i = 0; i < 200_000; i++) {
      if (!month[d.getUTCMonth() + 1]) {
        d.setUTCMonth(d.getUTCMonth() + 1, 1);
        d.setUTCHours(0, 0, 0, 0);
      } else if (!dayMatches(d)) {
        d.setUTCDate(d.getUTCDate() + 1);
        d.setUTCHours(0, 0, 0, 0);
      } else if (!hour[d.getUTCHours()]) {
        d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
      } else if (!min[d.getUTCMinutes()]) {
        d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
      } else if (!sec[d.getUTCSeconds()]) {
        d.setUTCSeconds(d.getUTCSeconds() + 1, 0);
      } else {
        return d.getTime();
      }
    }
    throw new ConfigError(`the sync schedule "${text}" never fires`);
  };
}

function parseField(field: string, [lo, hi]: readonly [number, number], text: string): boolean[] {
  const out = new Array<boolean>(hi + 1).fill(false);
  const bad = (): never => {
    throw new ConfigError(`cron field "${field}" in "${text}" is not valid (allowed ${lo}–${hi}, *, a-b, */n, a,b)`);
  };
  for (const item of field.split(',')) {
    const m = /^(\*|\?|\d+)(?:-(\d+))?(?:\/(\d+))?$/.exec(item);
    if (!m) bad();
    const m1 = m as RegExpExecArray;
    const star = m1[1] === '*' || m1[1] === '?';
    const from = star ? lo : Number(m1[1]);
    const to = m1[2] !== undefined ? Number(m1[2]) : star || m1[3] !== undefined ? hi : from;
    const step = m1[3] !== undefined ? Number(m1[3]) : 1;
    if (from < lo || to > hi || from > to || step < 1) bad();
    for (let v = from; v <= to; v += step) out[v] = true;
  }
  return out;
}

/** "PT3H", "PT90M", "P1DT2H" (ISO 8601 durations, as ACR writes sync windows) → ms; undefined if not ISO. */
export function parseIsoDurationMs(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase().endsWith('T')) return undefined;
  const [d, h, mi, s] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0)) as [number, number, number, number];
  return ((d * 24 + h) * 60 + mi) * 60e3 + s * 1e3;
}
