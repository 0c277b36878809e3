/**
 * `replbench k6 export SCENARIO -o DIR`: the scenario's pull matrix as a k6
 * test (TypeScript, @types/k6), with k6-operator TestRuns and k6 Cloud load zones.
 * `replbench k6 ingest FILE… --run-dir DIR`: k6 JSON outputs → events.jsonl and
 * every report, one merged set of HDR histograms; exit 99 when a threshold fails.
 * SIGINT or SIGTERM during an ingest (interrupts.ts): read no further, log what
 * was read with run-end complete: false, write every report, exit 130 or 143; a
 * second signal stops the logging too (run-end and the reports still written).
 */
import type { Argv, CommandModule } from 'yargs';
import { AbortedError, ConfigError, describeError, UsageError } from '../../errors.ts';
import { exportK6 } from '../../dist/k6-export.ts';
import { ingestK6, type K6RunMeta } from '../../dist/k6-ingest.ts';
import { metaFromScenario, readK6PlanMeta } from '../../dist/k6-ingest-meta.ts';
import { parseZoneOverrides } from '../../dist/k6-zones.ts';
import { storeFromArgs, withStoreOptions, type StoreArgs } from '../../dist/store-option.ts';
import { loadScenario } from '../../scenario/load.ts';
import { parseDurationMs, parseRatePerSecond } from '../../units.ts';
import { ExitCode } from '../exit-codes.ts';
import { Interrupts, secondSignalHint } from '../interrupts.ts';
import type { WithIo } from '../io.ts';
import { numericFlag, PORT_RULE } from '../numeric-flags.ts';
import { renderTable } from '../table.ts';

interface ExportArgs {
  readonly scenario: string;
  readonly out: string;
  readonly rate?: number;
  readonly duration?: number;
  readonly zone: readonly string[];
  readonly endpoint: readonly string[];
  readonly parallelism: number;
  readonly 'base-port'?: number;
}

interface IngestArgs extends StoreArgs {
  readonly files: readonly string[];
  readonly 'run-dir': string;
  readonly plan?: string;
  readonly scenario?: string;
  readonly 'run-id'?: string;
  readonly overwrite: boolean;
}

const exportCommand: CommandModule<object, WithIo<ExportArgs>> = {
  command: 'export <scenario>',
  describe: 'write a k6 test (TypeScript), k6-operator TestRuns and k6 Cloud load zones for the scenario\'s pulls',
  builder: (y: Argv<object>) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' })
      .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'directory to write into' })
      .option('rate', {
        ...numericFlag('--rate', { kind: 'rate', max: 'ratePerSec' }),
        describe: 'open-loop pulls started per (worker, endpoint) pair ("5/s", "30/m"), still pull.concurrency in flight per worker; default: the scenario\'s pull phase, back to back',
      })
      .option('duration', { ...numericFlag('--duration', { kind: 'duration', max: 'durationMs' }), describe: 'with --rate: how long it runs (default 1m); without: the most the pull phase may take (default 10m)' })
      .option('zone', { type: 'string', array: true, default: [], describe: 'REGION=LOADZONE, over the built-in Azure → k6 Cloud table (repeatable)' })
      .option('endpoint', { type: 'string', array: true, default: [], describe: 'REGION=URL, over the scenario\'s endpoint (repeatable)' })
      .option('parallelism', { ...numericFlag('--parallelism', { kind: 'int', min: 1, max: 'concurrency' }), default: 1, describe: 'k6-operator runner pods per region' })
      .option('base-port', {
        ...numericFlag('--base-port', PORT_RULE),
        describe: 'lab target: the port its matrix starts at, as "replbench lab --base-port N" will listen (default: the config\'s ports.base)',
      }) as unknown as Argv<WithIo<ExportArgs>>,
  handler: async (args) => {
    const scenario = await loadScenario(args.scenario);
    const result = await exportK6(
      scenario,
      {
        ...(args.rate === undefined ? {} : { ratePerSec: flag('--rate', () => parseRatePerSecond(args.rate as number)) }),
        ...(args.duration === undefined ? {} : { durationMs: flag('--duration', () => parseDurationMs(args.duration as number)) }),
        zones: parseZoneOverrides(args.zone, scenario.regions),
        endpoints: parseEndpoints(args.endpoint, scenario.regions),
        parallelism: args.parallelism,
        ...(args['base-port'] === undefined ? {} : { labBasePort: args['base-port'] }),
      },
      args.out,
    );
    for (const w of result.warnings) args.io.stderr.write(`replbench: warning: ${w}\n`);
    const rows = result.plan.scenarios.map((w) => {
      const x = w.local;
      const pace = x.executor === 'shared-iterations' ? `${x.iterations} pulls, ${x.vus} at once` : `${x.rate}/${x.timeUnit}, ${x.maxVUs} at once`;
      return [w.scenario, w.worker, w.endpoints.map((e) => e.endpoint).join(', '), pace, w.cloud === null ? '-' : (result.plan.distribution[w.worker]?.loadZone ?? '-')];
    });
    args.io.stdout.write(renderTable(['k6 scenario', 'worker', 'endpoints', 'pulls', 'k6 cloud zone'], rows));
    args.io.stdout.write(`wrote ${[...result.files.keys()].join(', ')} to ${args.out}\n`);
  },
};

const ingestCommand: CommandModule<object, WithIo<IngestArgs>> = {
  command: 'ingest <files..>',
  describe: 'fold k6 JSON outputs (k6 run --out json=FILE[.gz], one per runner) into a replbench run directory and reports',
  builder: (y: Argv<object>) =>
    withStoreOptions(
      y
        .positional('files', { type: 'string', array: true, demandOption: true, describe: 'k6 JSON output files (plain or .gz)' })
        .option('run-dir', { type: 'string', demandOption: true, describe: 'the run directory to write (events.jsonl and reports)' })
        .option('plan', { type: 'string', describe: 'replbench-k6.json from the export: scenario name, regions, thresholds' })
        .option('scenario', { type: 'string', describe: 'or the scenario file itself' })
        .option('run-id', { type: 'string', describe: 'run id (default: <UTC start>-<scenario>)' })
        .option('overwrite', { type: 'boolean', default: false, describe: 'replace an existing events.jsonl in --run-dir' }),
    ) as unknown as Argv<WithIo<IngestArgs>>,
  handler: async (args) => {
    if (args.plan !== undefined && args.scenario !== undefined) throw new UsageError('give --plan or --scenario, not both');
    const meta: K6RunMeta | undefined =
      args.plan !== undefined ? await readK6PlanMeta(args.plan) : args.scenario !== undefined ? metaFromScenario(await loadScenario(args.scenario)) : undefined;
    for (const key of meta?.droppedThresholds ?? []) args.io.stderr.write(`replbench: note: threshold ${key} not evaluated (a k6 run does not measure it)\n`);
    const store = await storeFromArgs(args, args.io.env);
    const interrupts = new Interrupts({
      onFirst: (signal) => args.io.stderr.write(`replbench: interrupted (${signal}): reading no further; writing what was read (${secondSignalHint(signal)} to cut that short too)\n`),
    });
    let r: Awaited<ReturnType<typeof ingestK6>>;
    try {
      r = await ingestK6({
        inputs: args.files,
        runDir: args['run-dir'],
        ...(meta === undefined ? {} : { meta }),
        ...(args['run-id'] === undefined ? {} : { runId: args['run-id'] }),
        overwrite: args.overwrite,
        signal: interrupts.stop,
        abortSignal: interrupts.abort,
      });
    } catch (err: unknown) {
      if (interrupts.exitCode === undefined || !(err instanceof AbortedError)) throw err;
      args.io.stderr.write(`replbench: ${describeError(err)}\n`);
      args.io.exitCode = interrupts.exitCode;
      return;
    } finally {
      interrupts.dispose();
    }
    const out = args.io.stdout;
    const codes = Object.entries(r.report.errors.byCode).map(([c, n]) => `${c} ×${n}`).join(', ');
    out.write(
      `run ${r.runId}: ${r.pulls} pulls and ${r.errors} failed pulls${r.errors > 0 ? ` (${codes})` : ''} from ` +
        `${r.source === 'replbench' ? 'replbench_pull_*' : 'http_req_duration/http_req_waiting'} samples (${r.stats.lines} lines)\n`,
    );
    const dropped = Object.entries(r.dropped);
    if (dropped.length > 0) {
      args.io.stderr.write(`replbench: warning: k6 dropped iterations (dropped_iterations: pulls due and never started): ${dropped.map(([w, n]) => `${w} ${n}`).join(', ')}; those workers' series are marked lost arrivals\n`);
    }
    if (r.unpaired > 0) args.io.stderr.write(`replbench: warning: ${r.unpaired} samples had no partner (a duration without a TTFB or the reverse) and were left out\n`);
    if (r.stats.invalid > 0) args.io.stderr.write(`replbench: warning: ${r.stats.invalid} lines were not k6 JSON records, e.g. ${r.stats.invalidExamples[0] ?? ''}\n`);
    for (const t of r.stats.truncated) args.io.stderr.write(`replbench: warning: ${t} ends mid-stream (k6 stopped while writing); read up to the cut\n`);
    for (const t of r.report.thresholds) out.write(`${t.ok ? 'ok  ' : 'FAIL'} ${t.expr} (${t.actual === null ? 'no data' : `${t.actual}${t.unit === 'ms' ? ' ms' : ''}`})\n`);
    out.write(`wrote events.jsonl, ${r.files.join(', ')} to ${r.runDir}\n`);
    if (store !== undefined) out.write(`stored ${await store.put(r.runDir)}\n`);
    if (r.report.thresholds.some((t) => !t.ok)) args.io.exitCode = ExitCode.thresholdFailed;
    if (interrupts.exitCode !== undefined) {
      args.io.stderr.write(`replbench: ${r.report.interrupted ?? 'interrupted'}; the reports cover what was read\n`);
      args.io.exitCode = interrupts.exitCode;
    }
  },
};

export const k6Command: CommandModule<object, object> = {
  command: 'k6 <command>',
  describe: 'scale out on k6: export a k6 test for a scenario, ingest k6 output into reports',
  builder: (y: Argv<object>) =>
    y
      .command(exportCommand as unknown as CommandModule<object, object>)
      .command(ingestCommand as unknown as CommandModule<object, object>)
      .demandCommand(1, 'name a k6 command: export or ingest'),
  handler: () => undefined,
};

function flag<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (err: unknown) {
    if (err instanceof ConfigError) throw new UsageError(`${name}: ${err.message}`);
    throw err;
  }
}

function parseEndpoints(items: readonly string[], regions: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const region = eq > 0 ? item.slice(0, eq).trim() : '';
    const url = eq > 0 ? item.slice(eq + 1).trim() : '';
    if (region === '' || !/^https?:\/\/[^/?#@\s]+\/?$/.test(url)) {
      throw new UsageError(`--endpoint: expected REGION=http(s)://host[:port] such as eastus=https://myreg.azurecr.io, found "${item.replace(/\/\/[^@/]*@/, '//***@')}"`);
    }
    if (!regions.includes(region)) throw new UsageError(`--endpoint: expected one of the scenario's regions (${regions.join(', ')}), found "${region}"`);
    out[region] = url;
  }
  return out;
}
