/**
 * `npm run lab:real [-- SCENARIO] [--reports-dir DIR] [--delay REGION=MIN-MAX] [--seed N]`
 *
 * Real replication on real parts: starts the setup of setup.ts for the
 * scenario (default scenarios/real-replication.yaml), runs `replbench run`
 * against it as a user would (its own process, so the replicator's work does
 * not share the harness's event loop), waits for the copies still running,
 * then checks every lag bracket against the registries' own timestamps
 * (truth-check.ts). Writes real-replication.json into the run directory and
 * prints the accuracy per region. Exit: the run's code; 1 when a bracket
 * missed the truth.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { realpath, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEventLog } from '../../src/events/log.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { renderTable, fixed } from '../../src/cli/table.ts';
import { startRealSetup, type DelayRange } from './setup.ts';
import { checkAgainstTruth, type TruthCheck } from './truth-check.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_SCENARIO = join(ROOT, 'scenarios/real-replication.yaml');

export interface RealRunOptions {
  readonly scenarioPath: string;
  readonly reportsDir: string;
  readonly delays?: ReadonlyMap<string, DelayRange>;
  readonly seed?: number;
  /** Extra arguments for `replbench run` (e.g. --probe-trace). */
  readonly runArgs?: readonly string[];
  /** Where the run's stderr goes (default: this process's stderr). */
  readonly stderr?: NodeJS.WritableStream;
}

export interface RealRunResult {
  readonly exitCode: number;
  readonly runDir: string;
  readonly check: TruthCheck;
  /** Copies that failed (skopeo's last line), if any. */
  readonly copyErrors: readonly string[];
}

export async function runRealReplication(opts: RealRunOptions): Promise<RealRunResult> {
  const scenario = await loadScenario(opts.scenarioPath);
  const webhookSecret = randomBytes(24).toString('base64url');
  const setup = await startRealSetup(scenario, { delays: opts.delays ?? new Map(), webhookSecret, seed: opts.seed ?? 1 });
  try {
    const exitCode = await runHarness(opts, webhookSecret);
    await setup.replicator.drain(60_000);
    const runDir = await realpath(join(opts.reportsDir, 'latest'));
    const { events } = await readEventLog(join(runDir, 'events.jsonl'));
    const truth = setup.replicator.truth();
    const check = checkAgainstTruth(events, truth);
    const copyErrors = setup.replicator.copies.filter((c) => !c.ok).map((c) => `${c.region} ${c.repository}: ${c.error ?? ''}`);
    await writeFile(
      join(runDir, 'real-replication.json'),
      `${JSON.stringify({ regions: check.regions, misses: check.misses, samples: check.samples, copies: setup.replicator.copies, replicaEvents: setup.replicator.replicaEvents }, null, 1)}\n`,
    );
    return { exitCode, runDir, check, copyErrors };
  } finally {
    await setup.close();
  }
}

function runHarness(opts: RealRunOptions, webhookSecret: string): Promise<number> {
  const args = [join(ROOT, 'bin/replbench.js'), 'run', opts.scenarioPath, '--reports-dir', opts.reportsDir, ...(opts.runArgs ?? [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, REPLBENCH_FROM_SOURCE: '1', REPLBENCH_WEBHOOK_SECRET: webhookSecret }, stdio: ['ignore', 'pipe', 'pipe'] });
  const err = opts.stderr ?? process.stderr;
  child.stdout.pipe(err, { end: false });
  child.stderr.pipe(err, { end: false });
  return new Promise((resolveCode, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolveCode(code ?? (signal !== null ? 128 : 1)));
  });
}

export function renderCheck(check: TruthCheck): string {
  const header = ['region', 'samples', 'misses', 'lag p50', '|err| p50', 'p99', 'max', '± p50', 'truth width p50', 'probes p50', 'within goal'];
  const rows = check.regions.map((r) => [
    r.region,
    String(r.samples),
    String(r.misses),
    fixed(r.lagP50Ms),
    fixed(r.errorP50Ms),
    fixed(r.errorP99Ms),
    fixed(r.errorMaxMs),
    fixed(r.uncertaintyP50Ms),
    fixed(r.truthWidthP50Ms),
    fixed(r.probesP50),
    `${r.withinGoal}/${r.samples}`,
  ]);
  return `Accuracy against the registries' own timestamps (ms; error = distance from the lag to [replica event, copy end])\n${renderTable(header, rows)}`;
}

function parseDelays(values: readonly string[]): Map<string, DelayRange> {
  const out = new Map<string, DelayRange>();
  for (const v of values) {
    const m = /^([a-z0-9-]+)=(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?(?:ms)?$/.exec(v);
    if (!m) throw new Error(`--delay ${v}: expected REGION=MIN-MAX in ms, e.g. westeurope=150-450`);
    const min = Number(m[2]);
    out.set(m[1] as string, { minMs: min, maxMs: m[3] !== undefined ? Number(m[3]) : min });
  }
  return out;
}

async function main(argv: readonly string[]): Promise<number> {
  let scenarioPath = DEFAULT_SCENARIO;
  let reportsDir = join(ROOT, 'reports');
  let seed = 1;
  const delays: string[] = [];
  const runArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a}: a value is required`);
      return v;
    };
    if (a === '--reports-dir') reportsDir = resolve(value());
    else if (a === '--delay') delays.push(value());
    else if (a === '--seed') seed = Number(value());
    else if (a.startsWith('--')) runArgs.push(a);
    else scenarioPath = resolve(a);
  }
  const result = await runRealReplication({ scenarioPath, reportsDir, delays: parseDelays(delays), seed, runArgs });
  process.stdout.write(`\n${renderCheck(result.check)}\n`);
  for (const e of result.copyErrors.slice(0, 5)) process.stdout.write(`copy failed: ${e}\n`);
  process.stdout.write(`truth and per-sample checks: ${join(result.runDir, 'real-replication.json')}\n`);
  if (result.check.misses > 0) {
    process.stdout.write(`${result.check.misses} bracket(s) missed the registries' truth\n`);
    return 1;
  }
  return result.exitCode;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`lab:real: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
