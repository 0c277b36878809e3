/**
 * Labels and series keys. A series is one histogram of one metric, named by its
 * labels: sorted by label name, `name=value` pairs joined with commas
 * (`endpoint=westeurope,worker=eastus`). The same labels always give the same key;
 * where a comma cannot go (file names, hlog tags) seriesToken spells it with `+`.
 */
import { ConfigError } from '../errors.ts';

export type Labels = Readonly<Record<string, string>>;

/** `{ worker: 'eastus', endpoint: 'westeurope' }` → `endpoint=westeurope,worker=eastus`. */
export function seriesKey(labels: Labels): string {
  return Object.keys(labels)
    .sort(compareText)
    .map((name) => `${name}=${labels[name]}`)
    .join(',');
}

/** The inverse of seriesKey; an empty key is the empty label set. */
export function parseSeriesKey(key: string): Labels {
  const labels: Record<string, string> = {};
  if (key === '') return labels;
  for (const pair of key.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new ConfigError(`series key "${key}" has a part without name=value: "${pair}"`);
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return labels;
}

/** True when every label of `selector` is present in `labels` with the same value. */
export function matchesSelector(labels: Labels, selector: Labels): boolean {
  return Object.keys(selector).every((name) => labels[name] === selector[name]);
}

/**
 * The series key where a comma cannot go, one spelling for both such places:
 * `.hgrm` file names (`pull_duration.<token>.hgrm`) and `.hlog` tags (their
 * readers split on commas). The same `name=value` pairs in the same order,
 * joined with `+` instead of `,`: `endpoint=westeurope,worker=eastus` →
 * `endpoint=westeurope+worker=eastus`. Characters outside [A-Za-z0-9_.-] in a
 * name or value become `_` (a storage label `host:port` → `host_port`), so the
 * token is a file name on any OS. The empty key (an untagged series) is `all`.
 * Callers that need uniqueness add a suffix on collision.
 */
export function seriesToken(key: string): string {
  if (key === '') return 'all';
  return Object.entries(parseSeriesKey(key))
    .map(([name, value]) => `${safePart(name)}=${safePart(value)}`)
    .join('+');
}

/** Code-unit order, independent of the machine's locale (localeCompare is not). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function safePart(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_');
}
