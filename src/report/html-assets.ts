/**
 * The charting library inlined into every HTML report, so a report opens offline
 * with no request to anywhere: uPlot (MIT; ~50 KB minified, canvas, log axes),
 * read once from node_modules and kept. Its text depends only on the installed
 * version, so renders stay deterministic.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface ChartAssets {
  /** Script text defining the global `uPlot`, safe inside <script>. */
  readonly js: string;
  /** Stylesheet text, safe inside <style>. */
  readonly css: string;
  /** `uplot 1.6.32`, shown in the page footer. */
  readonly library: string;
}

let cached: ChartAssets | undefined;

/** uPlot's minified IIFE build and stylesheet. */
export function chartAssets(): ChartAssets {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const read = (path: string): string => readFileSync(require.resolve(path), 'utf8');
  const pkg = JSON.parse(read('uplot/package.json')) as { version?: string };
  cached = {
    js: inlineScript(read('uplot/dist/uPlot.iife.min.js')),
    css: inlineStyle(read('uplot/dist/uPlot.min.css')),
    library: `uplot ${pkg.version ?? '?'}`,
  };
  return cached;
}

/** Script text that cannot close or confuse its <script> element. */
export function inlineScript(text: string): string {
  return text.replace(/<(\/script|!--|script)/gi, '\\x3C$1');
}

/** Style text that cannot close its <style> element. */
export function inlineStyle(text: string): string {
  return text.replace(/<\/style/gi, '\\3C /style');
}
