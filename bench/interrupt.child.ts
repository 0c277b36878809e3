/**
 * Ctrl-C at scale, measured on a real process: writes a lab scenario of
 * `images` images, starts `replbench run` on it as a child process, waits
 * until the setup is over (the child's "rtt … measured" line: the push phase
 * starts right after), waits `afterPushMs` more, sends
 * SIGINT, and times how long until the child says it is stopping (the
 * "interrupted (SIGINT):" line: the signal was acted on) and until it exits.
 * Used by bench/interrupt.bench.ts and test/e2e/interrupt-at-scale.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface InterruptTiming {
  /** Start of the child → its "rtt … measured" line (the push phase starts right after). */
  readonly toPushMs?: number;
  /** SIGINT → the child's "interrupted (SIGINT):" line. */
  readonly toActMs: number;
  /** SIGINT → the child's exit. */
  readonly toExitMs: number;
  readonly exitCode: number | null;
  readonly stderr: string;
}

export interface InterruptOptions {
  readonly images: number;
  /** How long after the push phase started the SIGINT goes (default 1 s). */
  readonly afterPushMs?: number;
  /** Instead: send the SIGINT this long after the child started, whatever it is doing (planning, setup). */
  readonly afterStartMs?: number;
  /** The run's --grace (default "1s"). */
  readonly grace?: string;
  /** Gives up (kills the child) after this long (default 120 s). */
  readonly timeoutMs?: number;
  /** The replbench entry point (default: this checkout's bin/replbench.js, from source). */
  readonly bin?: string;
}

const scenarioText = (images: number): string => `name: interrupt-at-scale
target:
  kind: lab
  regions: [{ name: eastus }, { name: westeurope }]
  localRtt: 1ms
  links: [{ from: eastus, to: westeurope, rtt: 20ms }]
  replication: { lag: 50ms }
origin: eastus
workload:
  images: ${images}
  repository: scale/app-{i}
  layers: 1
  layerSize: 1KiB
  pushConcurrency: 8
replication:
  timeout: 10s
pull:
  images: 1
  phases: [cold]
thresholds:
  replication_outcome: []
`;

export async function measureInterrupt(opts: InterruptOptions): Promise<InterruptTiming> {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-interrupt-'));
  try {
    const file = join(dir, 'scale.yaml');
    await writeFile(file, scenarioText(opts.images));
    const bin = opts.bin ?? resolve(import.meta.dirname, '..', 'bin', 'replbench.js');
    const startMs = performance.now();
    const child = spawn(process.execPath, [bin, 'run', file, '--reports-dir', join(dir, 'reports'), '--grace', opts.grace ?? '1s'], {
      env: { ...process.env, REPLBENCH_FROM_SOURCE: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let pushAtMs: number | undefined;
    let sigintAtMs: number | undefined;
    let actedAtMs: number | undefined;
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    const interrupt = (): void => {
      sigintAtMs = performance.now();
      child.kill('SIGINT');
    };
    if (opts.afterStartMs !== undefined) setTimeout(interrupt, opts.afterStartMs);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (pushAtMs === undefined && /(^|\n)rtt .*measured/.test(stderr)) {
        pushAtMs = performance.now();
        if (opts.afterStartMs === undefined) setTimeout(interrupt, opts.afterPushMs ?? 1000);
      }
      if (sigintAtMs !== undefined && actedAtMs === undefined && /interrupted( \(SIG[A-Z]+\))?:/.test(stderr)) actedAtMs = performance.now();
    });
    const exitCode = await new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const exitAtMs = performance.now();
    clearTimeout(killer);
    if (sigintAtMs === undefined) throw new Error(`the run never reached its push phase (exit ${String(exitCode)}): ${stderr.slice(-500)}`);
    return {
      ...(pushAtMs !== undefined ? { toPushMs: pushAtMs - startMs } : {}),
      toActMs: (actedAtMs ?? exitAtMs) - sigintAtMs,
      toExitMs: exitAtMs - sigintAtMs,
      exitCode,
      stderr,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// `node --import tsx bench/interrupt.child.ts [images] [bin] [afterStartMs]`: one measurement, as JSON.
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const [images, bin, afterStart] = process.argv.slice(2);
  const t = await measureInterrupt({
    images: Number(images ?? 100_000),
    ...(bin !== undefined && bin !== '' ? { bin } : {}),
    ...(afterStart !== undefined ? { afterStartMs: Number(afterStart) } : {}),
  });
  process.stdout.write(`${JSON.stringify({ ...t, stderr: t.stderr.split('\n').slice(-6) })}\n`);
}
