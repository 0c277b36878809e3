/** Plain-text tables for terminal output: left-aligned text, right-aligned numbers. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+\s?\S*$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function fixed(n: number, digits = 1): string {
  return n.toFixed(digits);
}

/** Megabytes (10^6) per second, the unit registries and skopeo users compare. */
export function mbPerSecond(bytes: number, ms: number): string {
  return ms > 0 ? ((bytes / 1e6) / (ms / 1000)).toFixed(1) : '–';
}
