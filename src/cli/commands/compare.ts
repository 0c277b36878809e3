/**
 * `replbench compare BASELINE CANDIDATE`: per series, the change of p50/p90/p99
 * between two runs with bootstrap confidence intervals; writes compare.md and
 * compare.html (into the candidate's directory or --out), prints the flagged
 * changes, appends compare.md to $GITHUB_STEP_SUMMARY when set, and exits 99 on a
 * regression. `--baseline latest-pass CANDIDATE` picks the newest passing run of
 * the same scenario beside the candidate (reports/), or in the results store with
 * `--store URL`; with --store, a run that is not a local directory (a run id,
 * `latest`, `latest-pass`) is downloaded from the store first.
 *
 * Exit codes: 0 no regression, 99 a regression or an increase the runs' conditions
 * explain (compare-conditions.ts; an explained decrease fails nothing), 4 no passing baseline (--baseline latest-pass;
 * 0 with --allow-no-baseline), 2 usage. `--aa RUN RUN RUN…` estimates the
 * false-alarm rate from runs of one configuration instead (report/compare-aa.ts).
 */
import { existsSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { NoBaselineError, UsageError } from '../../errors.ts';
import { fetchBaseline, fetchRun } from '../../dist/store-fetch.ts';
import { storeFromArgs, withStoreOptions, type StoreArgs } from '../../dist/store-option.ts';
import type { ResultsStore } from '../../dist/store-types.ts';
import { compareReports, explainedIncreases, type Comparison } from '../../report/compare.ts';
import { renderCompareMarkdown, changeText, ciText, pText, VERDICT_WORDS, verdictLine } from '../../report/compare-markdown.ts';
import { compareConditions } from '../../report/compare-conditions.ts';
import { AA_MIN_RUNS, estimateFalseAlarms } from '../../report/compare-aa.ts';
import { renderAa } from '../compare-aa-output.ts';
import { loadCompareOptions } from '../../report/compare-options.ts';
import { findLatestPass, LATEST_PASS, loadRun, writeComparison } from '../../report/compare-runs.ts';
import { appendMarkdown } from '../../report/step-summary.ts';
import { formatDurationMs } from '../../units.ts';
import { ExitCode } from '../exit-codes.ts';
import type { WithIo } from '../io.ts';
import { numericFlag, SEED_RULE } from '../numeric-flags.ts';
import { renderTable } from '../table.ts';

interface CompareArgs extends StoreArgs {
  readonly runs: readonly string[];
  readonly baseline?: string;
  readonly out?: string;
  readonly config?: string;
  readonly tolerance?: readonly string[];
  readonly 'min-delta'?: readonly string[];
  readonly confidence?: number;
  readonly resamples?: number;
  readonly seed?: number;
  readonly percentiles?: readonly number[];
  readonly json: boolean;
  readonly 'allow-no-baseline': boolean;
  readonly aa: boolean;
}

export const compareCommand: CommandModule<object, WithIo<CompareArgs>> = {
  command: 'compare [runs..]',
  describe: 'compare two runs (BASELINE CANDIDATE run directories): p50/p90/p99 changes with bootstrap CIs; exit 99 on a regression',
  builder: (yargs: Argv<object>) =>
    withStoreOptions(yargs
      .positional('runs', { type: 'string', array: true, describe: 'BASELINE CANDIDATE, or CANDIDATE alone with --baseline (with --store: also run ids, latest, latest-pass)' })
      .option('baseline', { type: 'string', describe: `baseline run directory, or "${LATEST_PASS}": the newest passing run of the same scenario beside the candidate (with --store: in the store)` })
      .option('out', { type: 'string', describe: 'where to write compare.md and compare.html (default: the candidate\'s directory)' })
      .option('config', { type: 'string', describe: 'compare settings file (YAML/JSON): tolerances, confidence, resamples, seed, percentiles' })
      .option('tolerance', { type: 'string', array: true, nargs: 1, describe: 'allowed relative change, [METRIC=]PCT, e.g. 20% or replication_lag=25% (repeatable)' })
      .option('min-delta', { type: 'string', array: true, nargs: 1, describe: 'smallest change that can be a regression, [METRIC=]DURATION, e.g. pull_ttfb=2ms (repeatable)' })
      .option('confidence', { ...numericFlag('--confidence', { kind: 'fraction', above: 0, below: 1 }), describe: 'confidence level of the intervals; 1 − it bounds the chance of flagging two runs of one configuration (default 0.99)' })
      .option('resamples', { ...numericFlag('--resamples', { kind: 'int', min: 100, max: 100_000 }), describe: 'bootstrap resamples (default 2000)' })
      .option('seed', { ...numericFlag('--seed', SEED_RULE), describe: 'bootstrap seed (default 1): same runs and seed, same result' })
      .option('percentiles', { ...numericFlag('--percentiles', { kind: 'fraction', above: 0, below: 100 }), array: true, describe: 'percentiles to compare, e.g. --percentiles 50 90 99 (default; put it after the run directories)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the comparison as one JSON object instead of a table' })
      .option('aa', { type: 'boolean', default: false, describe: `A/A: RUN RUN RUN… (at least ${AA_MIN_RUNS} runs of one configuration): every pair compared, the false-alarm rate on this runner estimated; exit 0` })
      .option('allow-no-baseline', { type: 'boolean', default: false, describe: `with --baseline ${LATEST_PASS}: exit 0 instead of 4 when there is no passing baseline yet (a first night)` })) as unknown as Argv<WithIo<CompareArgs>>,
  handler: async (args) => {
    if (args.aa && args.baseline !== undefined) throw new UsageError('--aa compares the runs it is given with each other: drop --baseline');
    const specs = args.aa ? undefined : specsOf(args);
    const options = await loadCompareOptions({
      ...(args.config === undefined ? {} : { config: args.config }),
      ...(args.tolerance === undefined ? {} : { tolerance: args.tolerance.map(String) }),
      ...(args['min-delta'] === undefined ? {} : { minDelta: args['min-delta'].map(String) }),
      ...(args.confidence === undefined ? {} : { confidence: args.confidence }),
      ...(args.resamples === undefined ? {} : { resamples: args.resamples }),
      ...(args.seed === undefined ? {} : { seed: args.seed }),
      ...(args.percentiles === undefined ? {} : { percentiles: args.percentiles }),
    });
    const store = await storeFromArgs(args, args.io.env);
    const note = (line: string): void => void args.io.stderr.write(`replbench: ${line}\n`);
    if (specs === undefined) {
      const runs = await Promise.all((args.runs ?? []).map(String).map(async (spec) => loadRun(await runDirOf(spec, store, note))));
      const estimate = estimateFalseAlarms(runs, options);
      args.io.stdout.write(args.json ? `${JSON.stringify({ command: 'compare', mode: 'aa', version: 1, ...estimate }, null, 2)}\n` : renderAa(estimate));
      return;
    }
    const { baselineSpec, candidateSpec } = specs;
    const candidate = await loadRun(await runDirOf(candidateSpec, store, note));
    let baselineDir: string;
    try {
      if (baselineSpec !== LATEST_PASS) baselineDir = await runDirOf(baselineSpec, store, note);
      else if (store === undefined) baselineDir = await findLatestPass(candidate.dir, candidate.report);
      else {
        const fetched = await fetchBaseline(store, candidate.report);
        note(`baseline ${fetched.ref.runId} (${LATEST_PASS}) from ${store.url} downloaded to ${fetched.runDir}`);
        baselineDir = fetched.runDir;
      }
    } catch (err: unknown) {
      if (!(err instanceof NoBaselineError) || !args['allow-no-baseline']) throw err;
      note(`${err.message}; nothing compared (--allow-no-baseline: exit 0)`);
      return;
    }
    const baseline = await loadRun(baselineDir);
    const conditions = compareConditions(baseline.conditions, candidate.conditions);
    const comparison = compareReports(baseline.report, candidate.report, options, { baseline: baseline.dir, candidate: candidate.dir }, conditions);
    const written = await writeComparison(args.out ?? candidate.dir, comparison, baseline.report, candidate.report);
    await appendMarkdown(renderCompareMarkdown(comparison), args.io.env);
    // A change the conditions explain is not a pass either: the nightly cannot tell it from a regression.
    const exitCode = comparison.regressions > 0 || explainedIncreases(comparison) > 0 ? ExitCode.thresholdFailed : ExitCode.ok;
    if (args.json) args.io.stdout.write(`${JSON.stringify(compareJson(comparison, written, exitCode), null, 2)}\n`);
    else args.io.stdout.write(renderTerminal(comparison, written));
    if (comparison.conditionsDiffer > 0) {
      note(`${comparison.conditionsDiffer} change(s) where the runs' conditions differ (${conditions.differences.map((d) => d.text).join('; ')}): ` +
        'the machine, not necessarily the registry, changed; rerun both on a quiet machine');
    }
    args.io.exitCode = exitCode;
  },
};

/** A local run directory as given; with a store, anything else is a run id (or latest, latest-pass) there, downloaded. */
async function runDirOf(spec: string, store: ResultsStore | undefined, note: (line: string) => void): Promise<string> {
  if (store === undefined || existsSync(spec)) return spec;
  const fetched = await fetchRun(store, spec);
  note(`${spec} from ${store.url} downloaded to ${fetched.runDir}`);
  return fetched.runDir;
}

function specsOf(args: CompareArgs): { baselineSpec: string; candidateSpec: string } {
  const runs = (args.runs ?? []).map(String);
  if (args.baseline !== undefined) {
    if (runs.length !== 1) throw new UsageError(`with --baseline, name exactly one candidate run directory; found ${runs.length}`);
    return { baselineSpec: args.baseline, candidateSpec: runs[0] as string };
  }
  if (runs.length !== 2) throw new UsageError(`expected BASELINE and CANDIDATE run directories (or --baseline ${LATEST_PASS} CANDIDATE); found ${runs.length}`);
  return { baselineSpec: runs[0] as string, candidateSpec: runs[1] as string };
}

/** Flagged changes first, then the replication-lag rows; paths of the files written at the end. */
function renderTerminal(c: Comparison, written: readonly string[]): string {
  const rows: string[][] = [];
  for (const s of c.series) {
    for (const p of s.percentiles) {
      const flagged = p.verdict === 'regression' || p.verdict === 'improvement' || p.verdict === 'conditions-differ';
      if (!flagged && s.metric !== 'replication_lag') continue;
      rows.push([`${s.metric}{${s.key}}`, `p${p.percentile}`, ms(p.baselineMs), ms(p.candidateMs), changeText(p), ciText(p), pText(p), VERDICT_WORDS[p.verdict]]);
    }
  }
  for (const o of c.outcomes) {
    if (o.verdict === 'regression' || o.verdict === 'improvement') {
      rows.push([`replicated share{region=${o.region}}`, '', `${o.baseline.replicated}/${o.baseline.total}`, `${o.candidate.replicated}/${o.candidate.total}`,
        `${(o.delta * 100).toFixed(2)} pp`, `z=${o.z.toFixed(2)}`, '', VERDICT_WORDS[o.verdict]]);
    }
  }
  for (const o of c.pullOutcomes) {
    if (o.verdict === 'regression' || o.verdict === 'improvement') {
      rows.push([`pull ok share{${o.series}}`, '', `${o.baseline.ok}/${o.baseline.total}`, `${o.candidate.ok}/${o.candidate.total}`,
        `${(o.delta * 100).toFixed(2)} pp`, `z=${o.z.toFixed(2)}`, '', VERDICT_WORDS[o.verdict]]);
    }
  }
  const lines = [
    `baseline  ${c.baseline.runId} (${c.baseline.source ?? '?'})`,
    `candidate ${c.candidate.runId} (${c.candidate.source ?? '?'})`,
    ...c.warnings.map((w) => `warning: ${w}`),
    '',
    rows.length === 0 ? 'nothing to show' : renderTable(['series', 'pct', 'baseline', 'candidate', 'change', `${Math.round(c.options.confidence * 100)}% CI`, 'p (Holm)', 'verdict'], rows).trimEnd(),
    '',
    `${verdictLine(c)}; wrote ${written.join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `compare --json`: the Comparison (src/report/compare.ts) with, first, what a
 * script branches on: command, version, the verdict word, the exit code and the
 * files written. README "Output for scripts" lists the fields.
 */
function compareJson(c: Comparison, written: readonly string[], exitCode: number): object {
  const verdict = c.regressions > 0 ? 'regression' : c.conditionsDiffer > 0 ? 'conditions-differ' : 'no-regression';
  return { command: 'compare', version: 1, verdict, exitCode, files: written, ...c };
}

function ms(value: number): string {
  return formatDurationMs(value);
}
