/**
 * Small, safe builders for the HTML reports: escaping, tables, JSON embedded in a
 * page, and the document shell with the inlined chart library. Pure string work.
 */
import { chartAssets, inlineScript, inlineStyle } from './html-assets.ts';

/** Text → HTML text (also safe inside a double-quoted attribute). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A value as JSON that can sit inside <script type="application/json"> unchanged. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A cell: plain text (escaped), or pre-built HTML with optional attributes. */
/** A report section: `<section>`, its `<h2>` title, then its html. */
export function htmlSection(title: string, html: string): string {
  return `<section>\n<h2>${escapeHtml(title)}</h2>\n${html}\n</section>`;
}

export type Cell = string | { readonly html: string; readonly attrs?: string };

/** An HTML table; header cells are text. */
export function htmlTable(head: readonly string[], rows: readonly (readonly Cell[])[], className = ''): string {
  const cell = (tag: 'td' | 'th', c: Cell): string =>
    typeof c === 'string' ? `<${tag}>${escapeHtml(c)}</${tag}>` : `<${tag}${c.attrs ? ` ${c.attrs}` : ''}>${c.html}</${tag}>`;
  const cls = className === '' ? '' : ` class="${escapeHtml(className)}"`;
  const thead = `<thead><tr>${head.map((h) => cell('th', h)).join('')}</tr></thead>`;
  const tbody = `<tbody>${rows.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`).join('\n')}</tbody>`;
  return `<table${cls}>${thead}\n${tbody}</table>`;
}

export interface PageInput {
  readonly title: string;
  /** Body HTML (already escaped where needed). */
  readonly body: string;
  /** Embedded as <script type="application/json" id="replbench-data">. */
  readonly data: unknown;
  /** The page's own script (runs after uPlot is defined). */
  readonly script: string;
}

/** A complete, self-contained HTML document: uPlot and every byte of data inlined. */
export function htmlDocument(page: PageInput): string {
  const assets = chartAssets();
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="replbench; charts: ${escapeHtml(assets.library)}">`,
    `<title>${escapeHtml(page.title)}</title>`,
    `<style>${assets.css}</style>`,
    `<style>${inlineStyle(PAGE_CSS)}</style>`,
    '</head>',
    '<body>',
    page.body,
    `<script type="application/json" id="replbench-data">${jsonForScript(page.data)}</script>`,
    `<script>${assets.js}</script>`,
    `<script>${inlineScript(page.script)}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const PAGE_CSS = `
:root { --fg: #1d2330; --muted: #5d6677; --line: #d9dee7; --pass: #1a7f37; --fail: #c62828; --bg: #ffffff; --panel: #f6f8fb; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 14px; margin: 16px 0 4px; }
p.note, .muted { color: var(--muted); font-size: 12.5px; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: right; white-space: nowrap; }
th { background: var(--panel); font-weight: 600; }
td:first-child, th:first-child { text-align: left; }
td.local { outline: 2px solid var(--fg); outline-offset: -3px; font-weight: 600; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 10px; color: #fff; font-weight: 600; font-size: 12.5px; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.warn { background: #b26a00; }
td.pass { color: var(--pass); font-weight: 600; } td.fail { color: var(--fail); font-weight: 600; }
.chart { margin: 8px 0 20px; min-height: 120px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 8px 24px; }
.meta { display: flex; flex-wrap: wrap; gap: 4px 18px; color: var(--muted); }
.error-banner { display: none; padding: 8px 12px; background: #fdecea; color: var(--fail); border: 1px solid var(--fail); margin: 8px 0; }
pre { background: var(--panel); padding: 10px; overflow: auto; font-size: 12px; max-height: 480px; }
footer { margin-top: 40px; border-top: 1px solid var(--line); padding-top: 8px; }
code { font-size: 12.5px; }
table { display: block; max-width: 100%; overflow-x: auto; }
.few { display: inline-block; margin-left: 4px; padding: 0 5px; border: 1px solid #b26a00; border-radius: 8px; color: #b26a00; font-size: 11px; font-weight: 600; white-space: nowrap; }
section.verdict { margin-top: 12px; padding: 4px 14px 8px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
section.verdict h2 { margin-top: 8px; }
table.verdict-table { width: 100%; display: table; }
table.verdict-table td, table.verdict-table th { white-space: normal; }
table.verdict-table td { background: var(--bg); }
.verdict-line { margin: 6px 0; font-weight: 600; }
.verdict-line .pass { color: var(--pass); } .verdict-line .fail { color: var(--fail); }
table.verdict-table .muted { font-weight: normal; }
@media (max-width: 900px) {
  body { padding: 12px; }
  th, td { padding: 3px 6px; }
  .grid { grid-template-columns: 1fr; }
}
@media print {
  @page { margin: 12mm; }
  body { max-width: none; padding: 0; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; margin-top: 18px; }
  section.verdict, table, .chart { break-inside: avoid; }
  table { display: table; overflow: visible; }
  th, td { white-space: normal; }
  .chart canvas { max-width: 100% !important; height: auto !important; }
  .grid { grid-template-columns: 1fr 1fr; }
  .error-banner, details { display: none; }
  pre { max-height: none; }
}
`;
