/**
 * Run ids: the UTC start time to the second, then the scenario name —
 * `20261122T001500Z-smoke`. They sort by time as text, and name the run's
 * directory under the reports dir.
 */

/** `YYYYMMDDTHHMMSSZ-<name>`; the name keeps [A-Za-z0-9._-], anything else becomes "-". */
export function runIdFor(scenarioName: string, startedAt: Date): string {
  const iso = startedAt.toISOString(); // 2026-11-22T00:15:00.123Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return `${stamp}-${safeName(scenarioName)}`;
}

/** A scenario name as a path component: never empty, never "." or "..", no separators. */
export function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 80);
  return cleaned === '' ? 'run' : cleaned;
}
