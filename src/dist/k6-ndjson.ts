/**
 * One line of k6's JSON output (`k6 run --out json=FILE`), per k6's docs:
 *
 *   {"type":"Metric","data":{"type":"trend","contains":"time",…},"metric":"http_req_duration"}
 *   {"type":"Point","data":{"time":"2017-05-09T14:34:45.239531499+02:00","value":459.865729,"tags":{…}},"metric":"http_req_duration"}
 *
 * Times are RFC 3339 with up to nanoseconds and an offset; values of time
 * metrics are milliseconds. Lines of metrics nobody asked for are recognised
 * from their `"metric":"…"` key without being parsed (most of a k6 output is
 * http_req_blocked, data_sent, vus, …), which keeps multi-GB files cheap.
 */

export type K6Line =
  | { readonly kind: 'point'; readonly metric: string; readonly timeUs: number; readonly value: number; readonly tags: Readonly<Record<string, string>> }
  | { readonly kind: 'metric'; readonly metric: string; readonly type: string }
  /** A metric not asked for, a blank line, or a record type this reader does not know. */
  | { readonly kind: 'skipped' }
  | { readonly kind: 'invalid'; readonly reason: string };

const METRIC_KEY = /"metric"\s*:\s*"([^"\\]*)"/;
const SKIPPED: K6Line = { kind: 'skipped' };

/** Parses one line; only points and declarations of `wanted` metrics are decoded. */
export function parseK6Line(line: string, wanted: ReadonlySet<string>): K6Line {
  if (line.trim() === '') return SKIPPED;
  const named = METRIC_KEY.exec(line);
  if (named !== null && !wanted.has(named[1] as string)) return SKIPPED;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'invalid', reason: 'not a JSON object' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'invalid', reason: 'not a JSON object' };
  const record = value as { type?: unknown; metric?: unknown; data?: unknown };
  if (typeof record.metric !== 'string') return { kind: 'invalid', reason: 'no "metric" name' };
  if (!wanted.has(record.metric)) return SKIPPED;
  const data = (typeof record.data === 'object' && record.data !== null ? record.data : {}) as Record<string, unknown>;
  if (record.type === 'Metric') return { kind: 'metric', metric: record.metric, type: typeof data.type === 'string' ? data.type : '' };
  if (record.type !== 'Point') return SKIPPED;
  const timeUs = typeof data.time === 'string' ? parseK6TimeUs(data.time) : null;
  if (timeUs === null) return { kind: 'invalid', reason: `${record.metric} point: "time" is not an RFC 3339 timestamp` };
  if (typeof data.value !== 'number' || !Number.isFinite(data.value)) return { kind: 'invalid', reason: `${record.metric} point: "value" is not a number` };
  return { kind: 'point', metric: record.metric, timeUs, value: data.value, tags: tagsOf(data.tags) };
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** An RFC 3339 timestamp → µs since the Unix epoch, keeping sub-millisecond digits; null when malformed. */
export function parseK6TimeUs(text: string): number | null {
  const m = RFC3339.exec(text);
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac = '', z, sign, oh = '0', om = '0'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!Number.isFinite(ms) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return null;
  const fracUs = Number(frac.slice(0, 6).padEnd(6, '0'));
  const offsetMin = z !== undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return ms * 1000 + fracUs - offsetMin * 60_000_000;
}

/** k6 writes tags as a string map, or null when there are none; other values are stringified. */
function tagsOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return out;
  for (const [k, v] of Object.entries(raw)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'string' ? v : String(v);
  }
  return out;
}
