/**
 * `npm run bench`: runs every benchmark in one process, one after another, and
 * prints a Markdown table with the machine it ran on, ready for BENCHMARKS.md.
 * Pass names to run a subset: `npm run bench -- workload oci`.
 */
import { cpus, totalmem } from 'node:os';
import type { BenchResult } from './result.ts';
import { benchWorkload } from './workload.bench.ts';

type Bench = () => Promise<readonly BenchResult[]>;

const BENCHES: Record<string, () => Promise<Bench>> = {
  workload: async () => benchWorkload,
  oci: async () => (await import('./oci.bench.ts')).benchOci,
  lab: async () => (await import('./lab.bench.ts')).benchLab,
  watch: async () => (await import('./watch.bench.ts')).benchWatch,
  confirm: async () => (await import('./confirm.bench.ts')).benchConfirm,
  load: async () => (await import('./load.bench.ts')).benchLoad,
  scale: async () => (await import('./scale.bench.ts')).benchScale,
  startup: async () => (await import('./startup.bench.ts')).benchStartup,
  interrupt: async () => (await import('./interrupt.bench.ts')).benchInterrupt,
};

async function runBenches(names: readonly string[]): Promise<void> {
  const selected = names.length > 0 ? names : Object.keys(BENCHES);
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const out = process.stdout;
  out.write(`Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n\n`);
  out.write('| benchmark | value | unit | detail |\n|---|---:|---|---|\n');
  for (const name of selected) {
    const load = BENCHES[name];
    if (!load) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    const results = await (await load())();
    for (const r of results) {
      out.write(`| ${r.name} | ${formatValue(r.value)} | ${r.unit} | ${r.detail ?? ''} |\n`);
    }
  }
}

function formatValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3);
}

await runBenches(process.argv.slice(2));
