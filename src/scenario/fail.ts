/**
 * How a section's rules fail: at a field path, with an "expected …, found …"
 * message, and the two rules every section needs (a name refers to a declared
 * region; a name is declared once). Its own file so that section files and
 * checks.ts, which checks across sections, share it without importing each
 * other.
 */

/** Fails at a field path; a string path is used as written (thresholds["key"]). */
export type Fail = (path: readonly (string | number)[] | string, message: string) => never;

const quote = (s: string): string => JSON.stringify(s);
const list = (names: readonly string[]): string => names.join(', ');

/** Every name in `names` is declared once at most. */
export function checkUnique(names: readonly string[], path: (i: number) => (string | number)[], what: string, fail: Fail): void {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) fail(path(i), `expected each ${what} once, found ${quote(n)} again`);
    seen.add(n);
  });
}

export function checkRegion(name: string, regions: readonly string[], path: (string | number)[], fail: Fail): void {
  if (!regions.includes(name)) fail(path, `expected one of the regions (${list(regions)}), found ${quote(name)}`);
}
