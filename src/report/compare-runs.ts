/**
 * The file side of compare: reading a run (its events.jsonl, folded again, so the
 * per-sample values are exact), finding the newest passing run of a scenario among
 * the run directories beside the candidate (`--baseline latest-pass`), and writing
 * compare.md and compare.html. Runs in a results store are downloaded first by the
 * CLI (`--store`); a URL given as a run directory is refused with a clear message.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, realpath, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError, NoBaselineError, UsageError } from '../errors.ts';
import { EVENT_LOG_FILE, readEventLog } from '../events/log.ts';
import { compareText } from '../stats/labels.ts';
import type { Comparison } from './compare.ts';
import { conditionsOf, type RunConditions } from './compare-conditions.ts';
import { COMPARE_HTML_FILE, renderCompareHtml } from './compare-html.ts';
import { COMPARE_MARKDOWN_FILE, renderCompareMarkdown } from './compare-markdown.ts';
import { SUMMARY_FILE } from './renderers.ts';
import { foldEvents } from './fold.ts';
import type { Report } from './report.ts';

export const LATEST_PASS = 'latest-pass';

export interface LoadedRun {
  /** The run directory, resolved (symlinks such as reports/latest followed). */
  readonly dir: string;
  readonly report: Report;
  /** The machine's load and the harness's health while it ran (compare-conditions.ts). */
  readonly conditions: RunConditions;
}

/** Folds a run directory's events.jsonl; a URL or a directory without a log is a clear error. */
export async function loadRun(spec: string): Promise<LoadedRun> {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    throw new UsageError(`"${spec}": a URL is not a run directory; name the results store with --store ${spec} and the run by its id, latest or latest-pass`);
  }
  const path = join(spec, EVENT_LOG_FILE);
  if (!existsSync(path)) throw new ConfigError(`${spec}: expected a run directory holding ${EVENT_LOG_FILE}, found none`);
  const dir = await realpath(spec);
  const log = await readEventLog(join(dir, EVENT_LOG_FILE));
  const report = foldEvents(log.events, { truncated: log.truncated !== undefined, corruptLines: log.corrupt.map((c) => c.line) });
  return { dir, report, conditions: conditionsOf(log.events, report) };
}

interface SummaryHead {
  readonly scenario?: unknown;
  readonly startedAt?: unknown;
  readonly runId?: unknown;
  readonly complete?: unknown;
  readonly thresholds?: unknown;
}

/**
 * The newest run directory beside `candidateDir` whose summary.json says: same
 * scenario, complete, every threshold passed, started before the candidate.
 */
export async function findLatestPass(candidateDir: string, candidate: Pick<Report, 'scenario' | 'startedAt' | 'runId'>): Promise<string> {
  const self = await realpath(candidateDir);
  const parent = dirname(self);
  const seen = new Set<string>([self]);
  let best: { dir: string; startedAt: string; runId: string } | undefined;
  for (const name of (await readdir(parent)).sort(compareText)) {
    let dir: string;
    try {
      dir = await realpath(join(parent, name));
    } catch {
      continue;
    }
    if (seen.has(dir)) continue;
    seen.add(dir);
    const head = await readSummary(dir);
    if (head === undefined || !passed(head) || head.scenario !== candidate.scenario) continue;
    const startedAt = String(head.startedAt);
    if (!(startedAt < candidate.startedAt)) continue;
    const runId = typeof head.runId === 'string' ? head.runId : basename(dir);
    if (best === undefined || startedAt > best.startedAt || (startedAt === best.startedAt && runId > best.runId)) best = { dir, startedAt, runId };
  }
  if (best === undefined) {
    throw new NoBaselineError(`${parent}: no passing run of scenario "${candidate.scenario}" started before ${candidate.startedAt} ` +
      `(${LATEST_PASS} needs a complete run whose thresholds all passed; pass a baseline directory instead)`);
  }
  return best.dir;
}

async function readSummary(dir: string): Promise<SummaryHead | undefined> {
  try {
    const value: unknown = JSON.parse(await readFile(join(dir, SUMMARY_FILE), 'utf8'));
    return typeof value === 'object' && value !== null ? (value as SummaryHead) : undefined;
  } catch {
    return undefined;
  }
}

function passed(s: SummaryHead): boolean {
  return s.complete === true && typeof s.startedAt === 'string' && Array.isArray(s.thresholds) &&
    s.thresholds.every((t: unknown) => typeof t === 'object' && t !== null && (t as { ok?: unknown }).ok === true);
}

/** Writes compare.md and compare.html into outDir (created if needed); returns their paths. */
export async function writeComparison(outDir: string, c: Comparison, baseline: Report, candidate: Report): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files: [string, string][] = [
    [COMPARE_MARKDOWN_FILE, renderCompareMarkdown(c)],
    [COMPARE_HTML_FILE, renderCompareHtml(c, baseline, candidate)],
  ];
  const written: string[] = [];
  for (const [name, text] of files) {
    const path = resolve(outDir, name);
    await writeFile(`${path}.tmp`, text, 'utf8');
    await rename(`${path}.tmp`, path);
    written.push(path);
  }
  return written;
}
