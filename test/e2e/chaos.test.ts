/**
 * Chaos in a run, with real child processes (`node bin/replbench.js …` from
 * source): signals sent by PID mid-phase, a lab that crashes, a replication
 * link that stalls, a reports disk that fills, a remote worker or the
 * coordinator killed, an event log whose last line is corrupt. Each case ends
 * with its documented outcome (README "Signals and crashes"), a readable
 * partial report, and `replbench report` re-rendering it; nothing already in
 * events.jsonl is lost. Scenarios are tiny so the file stays well under two
 * minutes; every process a case starts is killed by PID in after() if it is
 * still running.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../src/cli/main.ts';
import { parseEventLog } from '../../src/events/log.ts';
import type { ReplEvent } from '../../src/events/index.ts';
import { captureIo } from '../helpers/capture-io.ts';
import { freePort } from '../helpers/free-port.ts';
import { tinyScenarioDoc, type Doc } from '../run/tiny-scenario.ts';

const TOKEN = 'chaos-worker-token-0123456789';

interface Child {
  readonly proc: ChildProcess;
  readonly pid: number;
  output(): string;
  /** Exit code (or 128 + n for a signal death), or null when it is still running after limitMs. */
  exited(limitMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | null>;
}

const children: ChildProcess[] = [];
let tmp = '';

function start(args: readonly string[], env: Record<string, string> = {}, nodeArgs: readonly string[] = []): Child {
  const proc = spawn(process.execPath, [...nodeArgs, 'bin/replbench.js', ...args], {
    env: { ...process.env, REPLBENCH_FROM_SOURCE: '1', REPLBENCH_WORKER_TOKEN: TOKEN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let output = '';
  proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    pid: proc.pid ?? -1,
    output: () => output,
    exited: (limitMs) => Promise.race([done, sleep(limitMs).then(() => null)]),
  };
}

function signal(child: Child, sig: NodeJS.Signals): void {
  process.kill(child.pid, sig);
}

/** Polls `check` every 50 ms; fails naming `what` after limitMs (a hang, not a timing assertion). */
async function until(what: string, limitMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${limitMs} ms`);
    await sleep(50);
  }
}

/** The one run directory under `reports` (not the latest link). */
async function runDirOf(reports: string): Promise<string | undefined> {
  const names = await readdir(reports).catch(() => [] as string[]);
  const dir = names.find((n) => n !== 'latest' && !n.startsWith('.'));
  return dir === undefined ? undefined : join(reports, dir);
}

/** The complete lines of events.jsonl that parse as records (a torn last line left out). */
async function logged(runDir: string): Promise<ReplEvent[]> {
  const text = await readFile(join(runDir, 'events.jsonl'), 'utf8').catch(() => '');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  if (complete.trim() === '') return [];
  try {
    return parseEventLog(complete).events;
  } catch {
    return [];
  }
}

const count = (events: readonly ReplEvent[], type: ReplEvent['type']): number => events.filter((e) => e.type === type).length;

/** Waits for the run directory of a child run and `n` records of `type` in it; returns the directory. */
async function midPhase(reports: string, type: ReplEvent['type'], n: number, child: Child): Promise<string> {
  let dir: string | undefined;
  await until(`${n} ${type} records in ${reports}`, 60_000, async () => {
    if (child.proc.exitCode !== null) throw new Error(`the run ended before ${n} ${type} records:\n${child.output()}`);
    dir = await runDirOf(reports);
    return dir !== undefined && count(await logged(dir), type) >= n;
  });
  return dir as string;
}

interface Summary {
  readonly complete: boolean;
  readonly corruptLines?: number[];
  readonly outcomes: { readonly replication: Record<string, { replicated: number; timedOut: number; errored: number; inconsistent: number }> };
  readonly workersLost?: Record<string, string>;
}

async function digests(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) {
    if (name === 'events.jsonl') continue;
    out[name] = createHash('sha256').update(await readFile(join(dir, name))).digest('hex');
  }
  return out;
}

/**
 * The partial report is readable (summary.json parses, says complete: false, every
 * format of the scenario is there) and `replbench report` rewrites it byte-identical.
 */
async function checkPartialReport(runDir: string, formats: readonly string[]): Promise<Summary> {
  const summary = JSON.parse(await readFile(join(runDir, 'summary.json'), 'utf8')) as Summary;
  assert.is(summary.complete, false, 'summary.json says complete: false');
  const files = await readdir(runDir);
  for (const f of formats) assert.ok(files.includes(f), `${f} written (${files.join(', ')})`);
  const before = await digests(runDir);
  const io = captureIo();
  const code = await main(['report', runDir], io);
  assert.ok(code === 0 || code === 99, `replbench report exits 0 or 99, not ${code}: ${io.err()}`);
  assert.match(io.out(), /INCOMPLETE/);
  assert.equal(await digests(runDir), before, 'replbench report re-renders the same bytes');
  return summary;
}

/** The tiny lab scenario (test/run/tiny-scenario.ts) with more, slower images, so a signal lands mid-push. */
function scenario(extra: Doc = {}, target: Doc = {}): Doc {
  const tiny = tinyScenarioDoc();
  return {
    ...tiny,
    name: 'chaos',
    target: { ...(tiny['target'] as Doc), ...target },
    workload: { images: 40, repository: 'chaos/app-{i}', tag: 'v1', layers: 1, layerSize: '8KiB', pushConcurrency: 1, pushRate: '5/s', seed: 1 },
    replication: { probe: 'manifest+blobs', schedule: 'adaptive', interval: '10ms', timeout: '20s' },
    pull: { workers: 'all', endpoints: 'all', iterations: 1, concurrency: 2, phases: ['cold'] },
    thresholds: { replication_outcome: ['rate(replicated)==1'] },
    report: { dir: 'reports', formats: ['json', 'md', 'junit'] },
    ...extra,
  };
}

const FORMATS = ['summary.json', 'report.md', 'junit.xml'];

async function scenarioFile(name: string, doc: Record<string, unknown>): Promise<string> {
  const file = join(tmp, `${name}.json`);
  await writeFile(file, JSON.stringify(doc));
  return file;
}

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });

const chaos = suite('e2e: chaos in a run (real processes, signals by PID)');

chaos.before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'replbench-chaos-'));
});

chaos.after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
  await rm(tmp, { recursive: true, force: true });
});

for (const [sig, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
  chaos(`run: ${sig} mid-push → nothing new starts, the watches in flight finish, complete: false, every report, exit ${code}`, async () => {
    const reports = join(tmp, `run-${sig}`);
    const run = start(['run', await scenarioFile(`run-${sig}`, scenario()), '--reports-dir', reports]);
    const dir = await midPhase(reports, 'push', 2, run);
    signal(run, sig);
    const exit = await run.exited(60_000);
    assert.equal(exit, { code, signal: null }, run.output());
    assert.match(run.output(), new RegExp(`interrupted \\(${sig}\\): starting nothing new`));
    const events = await logged(dir);
    const end = events.find((e) => e.type === 'run-end');
    assert.equal(end && { complete: end.complete, interrupted: end.interrupted }, { complete: false, interrupted: `interrupted (${sig})` });
    const pushes = count(events, 'push');
    assert.ok(pushes < 40, `the push phase stopped early (${pushes} of 40)`);
    // Every watch started before the stop ran to its end within the grace period (a push that lands
    // after the stop, pushConcurrency 1 of them at most, is recorded but starts no watch: nothing new).
    const summary = await checkPartialReport(dir, FORMATS);
    const b = summary.outcomes.replication.b;
    assert.ok(b !== undefined && b.timedOut === 0 && b.errored === 0 && b.replicated >= pushes - 1 && b.replicated <= pushes, JSON.stringify(summary.outcomes));
  });
}

chaos('run: a second SIGTERM aborts the work still in flight at once; run-end and every report are still written', async () => {
  const reports = join(tmp, 'run-twice');
  // b never receives a copy: its watches run until the 20 s timeout unless aborted; the grace is a minute.
  const doc = scenario({}, { faults: [{ kind: 'stall', region: 'b' }] });
  const run = start(['run', await scenarioFile('run-twice', doc), '--reports-dir', reports, '--grace', '60s']);
  const dir = await midPhase(reports, 'push', 2, run);
  signal(run, 'SIGTERM');
  await until('the first signal to be noted', 20_000, () => run.output().includes('interrupted (SIGTERM)'));
  signal(run, 'SIGTERM');
  const exit = await run.exited(15_000);
  assert.equal(exit, { code: 143, signal: null }, `not ended within 15 s of the second SIGTERM (grace 60 s, watch timeout 20 s):\n${run.output()}`);
  assert.match(run.output(), /interrupted again \(SIGTERM\): aborting work in flight/);
  const events = await logged(dir);
  const end = events.find((e) => e.type === 'run-end');
  assert.is(end?.complete, false);
  assert.match(end?.interrupted ?? '', /^interrupted \(SIGTERM\)/);
  await checkPartialReport(dir, FORMATS);
});

chaos('lab: SIGTERM and SIGINT close every port; exit 143 and 130', async () => {
  const config = join(tmp, 'lab.yaml');
  await writeFile(config, 'regions: [{name: x}]\n');
  for (const [sig, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    const lab = start(['lab', '--config', config]);
    await until('the lab banner', 30_000, () => lab.output().includes('Ctrl-C'));
    const port = Number(/127\.0\.0\.1:(\d+) \[/.exec(lab.output())?.[1]);
    assert.ok(port > 0, lab.output());
    assert.is(await refused(port), false);
    signal(lab, sig);
    assert.equal(await lab.exited(20_000), { code, signal: null }, lab.output());
    assert.match(lab.output(), new RegExp(`replbench lab: stopping \\(interrupted \\(${sig}\\)\\)`));
    assert.ok(await refused(port), `port ${port} closed`);
  }
});

chaos('k6 ingest: SIGTERM while it reads a pipe → what was read is logged, complete: false, every report, exit 143', async () => {
  const fifo = join(tmp, 'k6.fifo');
  assert.is(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
  const runDir = join(tmp, 'k6-run');
  const ingest = start(['k6', 'ingest', fifo, '--run-dir', runDir]);
  const writer = createWriteStream(fifo);
  const samples = 50;
  for (let i = 0; i < samples; i++) {
    const time = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i * 10)).toISOString();
    const tags = { worker: 'eastus', endpoint: 'westeurope', image: `app-${i}`, phase: 'cold' };
    writer.write(`${JSON.stringify({ type: 'Point', data: { time, value: 20 + i, tags }, metric: 'replbench_pull_duration' })}\n`);
    writer.write(`${JSON.stringify({ type: 'Point', data: { time, value: 5, tags }, metric: 'replbench_pull_ttfb' })}\n`);
  }
  // The writer stays open: the ingest waits for more, mid-read, until the signal.
  await until('the ingest to read the samples', 30_000, async () => (await readdir(runDir).catch(() => [] as string[])).some((n) => n.startsWith('.k6-ingest-')));
  await sleep(500);
  signal(ingest, 'SIGTERM');
  const exit = await ingest.exited(30_000);
  writer.destroy();
  assert.equal(exit, { code: 143, signal: null }, ingest.output());
  assert.match(ingest.output(), /interrupted \(SIGTERM\): reading no further/);
  const events = await logged(runDir);
  const pulls = count(events, 'pull');
  assert.ok(pulls > 0 && pulls <= samples, `${pulls} pulls logged`);
  const end = events.find((e) => e.type === 'run-end');
  assert.is(end?.complete, false);
  assert.match(end?.interrupted ?? '', /interrupted \(SIGTERM\): the k6 output was read in part/);
  await checkPartialReport(runDir, ['summary.json', 'report.md', 'junit.xml', 'report.html']);
});

chaos('the lab crashes mid-run (POST /crash) → exit 3 naming it, complete: false, every report', async () => {
  const reports = join(tmp, 'lab-crash');
  const control = await freePort();
  const run = start(['run', await scenarioFile('lab-crash', scenario({}, { ports: { control } })), '--reports-dir', reports]);
  const dir = await midPhase(reports, 'push', 2, run);
  const res = await fetch(`http://127.0.0.1:${control}/crash`, { method: 'POST' });
  assert.is(res.status, 202);
  const exit = await run.exited(60_000);
  assert.equal(exit, { code: 3, signal: null }, run.output());
  assert.match(run.output(), /the embedded lab stopped mid-run \(the lab thread exited with code 70\): every region became unreachable/);
  const before = count(await logged(dir), 'push');
  await checkPartialReport(dir, FORMATS);
  assert.ok(before >= 2);
});

chaos('a replication link stalls mid-run (POST /faults stall) → later images time out, the run completes, exit 99', async () => {
  const reports = join(tmp, 'stall');
  const control = await freePort();
  const doc = scenario({ workload: { images: 8, repository: 'chaos/app-{i}', tag: 'v1', layers: 1, layerSize: '8KiB', pushConcurrency: 1, pushRate: '4/s', seed: 1 }, replication: { probe: 'manifest+blobs', schedule: 'adaptive', interval: '10ms', timeout: '2s' } }, { ports: { control } });
  const run = start(['run', await scenarioFile('stall', doc), '--reports-dir', reports]);
  const dir = await midPhase(reports, 'replication', 1, run);
  const res = await fetch(`http://127.0.0.1:${control}/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'stall', region: 'b' }) });
  assert.is(res.status, 201);
  const exit = await run.exited(60_000);
  assert.equal(exit, { code: 99, signal: null }, run.output());
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
  assert.is(summary.complete, true);
  const b = summary.outcomes.replication.b;
  assert.ok(b !== undefined && b.replicated >= 1 && b.timedOut >= 1 && b.replicated + b.timedOut === 8, JSON.stringify(b));
  const io = captureIo();
  assert.is(await main(['report', dir], io), 99);
});

chaos('the reports disk fills → exit 1 naming the file and ENOSPC; events.jsonl keeps what it holds; `report` re-renders once there is room', async () => {
  // A 256 KiB tmpfs with about 24 KiB left where one can be mounted (root); else the same limit injected into the child's writes.
  const mnt = join(tmp, 'small-disk');
  await mkdir(mnt);
  const room = 24 * 1024;
  // REPLBENCH_TEST_NO_MOUNT=1 takes the injected path on a machine that could mount.
  const mounted = process.env.REPLBENCH_TEST_NO_MOUNT !== '1' && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt], { encoding: 'utf8' }).status === 0;
  const filler = join(mnt, 'filler');
  if (mounted) spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1024', `count=${256 - room / 1024}`], { encoding: 'utf8' });
  else console.log('\n  note: no tmpfs can be mounted here: the full disk is injected into the child\'s writes (test/helpers/disk-full-preload.ts)\n');
  const injected: Record<string, string> = mounted ? {} : { REPLBENCH_TEST_FULL_DIR: mnt, REPLBENCH_TEST_FULL_BYTES: String(room) };
  const nodeArgs = mounted ? [] : ['--import', 'tsx', '--import', './test/helpers/disk-full-preload.ts'];
  try {
    const reports = join(mnt, 'reports');
    const doc = scenario({ workload: { images: 60, repository: 'chaos/app-{i}', tag: 'v1', layers: 1, layerSize: '8KiB', pushConcurrency: 2, pushRate: '20/s', seed: 1 } });
    const run = start(['run', await scenarioFile('full', doc), '--reports-dir', reports], injected, nodeArgs);
    const exit = await run.exited(90_000);
    assert.equal(exit, { code: 1, signal: null }, run.output());
    const dir = await runDirOf(reports);
    assert.ok(dir !== undefined, run.output());
    assert.match(run.output(), new RegExp(`replbench: cannot write ${dir}/events\\.jsonl: no space left on device \\(ENOSPC\\): the run stopped there; cannot write ${dir}/summary\\.json: no space left on device \\(ENOSPC\\); ${dir}/events\\.jsonl keeps every record written before; once there is room, \`replbench report ${dir}\` writes the reports`));
    // Everything that reached the file is readable: at most the one torn line is left out.
    const parsed = parseEventLog(await readFile(join(dir, 'events.jsonl'), 'utf8'));
    assert.ok(parsed.corrupt.length + (parsed.truncated !== undefined ? 1 : 0) <= 1, JSON.stringify(parsed.corrupt));
    assert.ok(count(parsed.events, 'push') >= 1);
    // Room again (the filler gone; or this process, whose writes nothing limits): the reports follow from the log.
    if (mounted) await rm(filler);
    const io = captureIo();
    const code = await main(['report', dir], io);
    assert.ok(code === 0 || code === 99, io.err());
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
    assert.is(summary.complete, false);
    assert.is(parseEventLog(await readFile(join(dir, 'events.jsonl'), 'utf8')).events.length, parsed.events.length, 'the log lost nothing it held');
  } finally {
    if (mounted) spawnSync('umount', [mnt]);
  }
});

chaos('remote workers: SIGTERM one (its tasks in flight finish, exit 143), kill -9 another; the run goes on without them and ends with every report', async () => {
  const reports = join(tmp, 'workers');
  const port = await freePort();
  const doc = scenario({
    workers: { mode: 'remote', joinTimeout: '30s' },
    replication: { probe: 'manifest+blobs', schedule: 'adaptive', interval: '10ms', timeout: '5s', watchFrom: 'worker' },
    workload: { images: 12, repository: 'chaos/app-{i}', tag: 'v1', layers: 1, layerSize: '8KiB', pushConcurrency: 1, pushRate: '4/s', seed: 1 },
  }, { regions: [{ name: 'a' }, { name: 'b' }, { name: 'c' }], links: [{ from: 'a', to: 'b', rtt: '8ms' }, { from: 'a', to: 'c', rtt: '8ms' }, { from: 'b', to: 'c', rtt: '8ms' }] });
  const run = start(['run', await scenarioFile('workers', doc), '--listen', `127.0.0.1:${port}`, '--reports-dir', reports]);
  const workers = ['a', 'b', 'c'].map((r) => start(['worker', '--region', r, '--coordinator', `http://127.0.0.1:${port}`, '--connect-timeout', '30s', '--grace', '10s']));
  const dir = await midPhase(reports, 'replication', 2, run);
  const [, b, c] = workers as [Child, Child, Child];
  signal(b, 'SIGTERM');
  signal(c, 'SIGKILL');
  assert.equal(await b.exited(30_000), { code: 143, signal: null }, b.output());
  assert.match(b.output(), /replbench worker b: stopped after \d+ tasks \(the worker was stopped \(interrupted \(SIGTERM\)\)/);
  assert.equal(await c.exited(10_000), { code: null, signal: 'SIGKILL' });
  // Their watches that never ended are errored: the default replication_outcome threshold fails.
  assert.equal(await run.exited(90_000), { code: 99, signal: null }, run.output());
  assert.match(run.output(), /worker c lost: /);
  const events = await logged(dir);
  assert.equal(events.filter((e) => e.type === 'worker-lost').map((e) => (e.type === 'worker-lost' ? e.region : '')).sort(), ['b', 'c']);
  assert.is(events.find((e) => e.type === 'run-end')?.complete, true);
  const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Summary;
  assert.equal(Object.keys(summary.workersLost ?? {}).sort(), ['b', 'c']);
  const io = captureIo();
  assert.is(await main(['report', dir], io), 99, io.err());
  assert.ok((summary.outcomes.replication.b?.errored ?? 0) + (summary.outcomes.replication.c?.errored ?? 0) > 0, JSON.stringify(summary.outcomes));
});

chaos('the coordinator is killed (kill -9) → every worker exits 1 with a line naming it; `report` recovers the run from events.jsonl', async () => {
  const reports = join(tmp, 'coordinator');
  const port = await freePort();
  const doc = scenario({ workers: { mode: 'remote', joinTimeout: '30s' }, replication: { probe: 'manifest+blobs', schedule: 'adaptive', interval: '10ms', timeout: '5s', watchFrom: 'worker' } });
  const run = start(['run', await scenarioFile('coordinator', doc), '--listen', `127.0.0.1:${port}`, '--reports-dir', reports]);
  const workers = ['a', 'b'].map((r) => start(['worker', '--region', r, '--coordinator', `http://127.0.0.1:${port}`, '--connect-timeout', '30s']));
  const dir = await midPhase(reports, 'replication', 2, run);
  signal(run, 'SIGKILL');
  for (const w of workers) {
    assert.equal(await w.exited(30_000), { code: 1, signal: null }, w.output());
    assert.match(w.output(), new RegExp(`lost the coordinator http://127\\.0\\.0\\.1:${port} after \\d+ tasks \\(`));
    assert.not.match(w.output(), /\n\s+at /, 'no stack trace');
  }
  const held = await logged(dir);
  const io = captureIo();
  const code = await main(['report', dir, '--json'], io);
  assert.ok(code === 0 || code === 99, io.err());
  const summary = JSON.parse(io.out()) as Summary;
  assert.is(summary.complete, false);
  assert.is(count(await logged(dir), 'replication'), count(held, 'replication'));
  assert.ok(count(held, 'replication') >= 2);
});

chaos('a corrupt last line of events.jsonl → `report` skips it with a warning naming the line, counts it, loses nothing before it', async () => {
  const reports = join(tmp, 'corrupt');
  const doc = scenario({ workload: { images: 3, repository: 'chaos/app-{i}', tag: 'v1', layers: 1, layerSize: '8KiB', pushConcurrency: 2, pushRate: '20/s', seed: 1 } });
  const run = start(['run', await scenarioFile('corrupt', doc), '--reports-dir', reports]);
  assert.equal(await run.exited(60_000), { code: 0, signal: null }, run.output());
  const dir = (await runDirOf(reports)) as string;
  const log = join(dir, 'events.jsonl');
  const lines = (await readFile(log, 'utf8')).split('\n').filter((l) => l !== '');
  const last = lines.length;
  // Bytes of the last record flipped on disk (its newline kept): the run-end record is gone.
  await writeFile(log, `${[...lines.slice(0, -1), `${(lines[last - 1] ?? '').slice(0, 20)}\u0000\u0000\u0000`].join('\n')}\n`);
  const io = captureIo();
  const code = await main(['report', dir, '--json'], io);
  assert.ok(code === 0 || code === 99, io.err());
  assert.match(io.err(), new RegExp(`events\\.jsonl:${last}: skipped a corrupt line \\(not a JSON record\\)`));
  const summary = JSON.parse(io.out()) as Summary;
  assert.equal(summary.corruptLines, [last]);
  assert.is(summary.complete, false);
  assert.is(summary.outcomes.replication.b?.replicated, 3);
  assert.match(await readFile(join(dir, 'report.md'), 'utf8'), new RegExp(`1 corrupt event-log line skipped \\(line ${last}\\)`));
});

chaos.run();
