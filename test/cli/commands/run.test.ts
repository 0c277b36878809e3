import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main.ts';
import { RUN_HEAP_GROWING_PERCENT, runHeapGrowingPercent } from '../../../src/cli/heap-growth.ts';
import { captureIo } from '../../helpers/capture-io.ts';
import { freePort } from '../../helpers/free-port.ts';
import { tinyScenarioDoc, type Doc } from '../../run/tiny-scenario.ts';
import { openStore } from '../../../src/dist/store.ts';
import { connectionStringFor, startAzurite, type Azurite } from '../../dist/azurite.ts';

const run = suite('run command');

async function withScenario(doc: Doc, fn: (file: string, reports: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-cli-run-'));
  try {
    const file = join(dir, 'scenario.json');
    await writeFile(file, JSON.stringify(doc));
    await fn(file, join(dir, 'reports'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Sends `signal` once the run is under way (its run directory holds events.jsonl), not at a fixed time: on a
 * loaded machine the preflight alone can outlast any fixed delay, and a signal before the run directory exists is
 * the other path ("no run was started"). Gives up after 60 s. Returns a cancel function.
 */
function signalWhenRunning(reports: string, signal: 'SIGINT' | 'SIGTERM'): () => void {
  const started = Date.now();
  const timer = setInterval(() => {
    const running = existsSync(reports) && readdirSync(reports).some((n) => n !== 'latest' && existsSync(join(reports, n, 'events.jsonl')));
    if (running || Date.now() - started > 60_000) {
      clearInterval(timer);
      if (running) process.emit(signal);
    }
  }, 50);
  return () => clearInterval(timer);
}

run('prints the summary table on stdout, one line per phase on stderr (no TTY), exit 0', async () => {
  await withScenario(tinyScenarioDoc({ pull: { workers: ['a'], endpoints: 'all' } }), async (file, reports) => {
    const io = captureIo();
    assert.is(await main(['run', file, '--reports-dir', reports], io), 0);
    const out = io.out();
    assert.match(out, /^replbench run \d{8}T\d{6}Z-tiny: scenario tiny, origin a, complete/);
    assert.match(out, /Replication lag/);
    assert.match(out, /Pull duration p50/);
    assert.match(out, /all 3 thresholds passed/);
    for (const line of out.split('\n')) assert.ok(line.length <= 100, `line over 100 columns: ${line}`);
    const err = io.err().split('\n').filter((l) => l !== '');
    assert.equal(err.map((l) => l.split(/\s+/)[0]), ['replbench:', 'rtt', 'push', 'watch', 'pull']);
    assert.equal((await readdir(reports)).filter((n) => n !== 'latest').length, 1);
  });
});

run('appends the run to $GITHUB_STEP_SUMMARY when it is set', async () => {
  await withScenario(tinyScenarioDoc({ pull: { workers: ['a'], endpoints: 'all' } }), async (file, reports) => {
    const summaryFile = join(reports, '..', 'step-summary.md');
    const io = captureIo({ GITHUB_STEP_SUMMARY: summaryFile });
    assert.is(await main(['run', file, '--reports-dir', reports], io), 0);
    assert.match(await readFile(summaryFile, 'utf8'), /^### replbench tiny — .*all 3 thresholds passed/);
  });
});

run('--low-memory sets V8 heap growth 1.3 for the run; without it the runs above left V8\'s own (bench/scale.bench.ts measures the effect)', async () => {
  assert.is(runHeapGrowingPercent(), undefined);
  await withScenario(tinyScenarioDoc({ pull: { workers: ['a'], endpoints: 'local' } }), async (file, reports) => {
    const io = captureIo();
    assert.is(await main(['run', file, '--reports-dir', reports, '--low-memory'], io), 0, io.err());
  });
  assert.is(runHeapGrowingPercent(), RUN_HEAP_GROWING_PERCENT);
});

run('--json prints summary.json exactly as written', async () => {
  await withScenario(tinyScenarioDoc({ pull: { workers: ['a'], endpoints: 'local' } }), async (file, reports) => {
    const io = captureIo();
    assert.is(await main(['run', file, '--reports-dir', reports, '--json'], io), 0);
    assert.is(io.out(), await readFile(join(reports, 'latest', 'summary.json'), 'utf8'));
  });
});

run('--probe-trace writes probes.jsonl; the lab runs in its own thread unless --lab-in-process', async () => {
  const healthSources = async (reports: string): Promise<string[]> => {
    const events = (await readFile(join(reports, 'latest', 'events.jsonl'), 'utf8')).split('\n').filter((l) => l.includes('"type":"health"'));
    return [...new Set(events.map((l) => (JSON.parse(l) as { source: string }).source))].sort();
  };
  await withScenario(tinyScenarioDoc({ pull: { workers: ['a'], endpoints: 'local' } }), async (file, reports) => {
    assert.is(await main(['run', file, '--reports-dir', reports, '--probe-trace'], captureIo()), 0);
    const probes = (await readFile(join(reports, 'latest', 'probes.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { region: string; result: string });
    assert.ok(probes.length > 0 && probes.every((p) => p.region === 'b'));
    assert.ok(probes.some((p) => p.result === 'present'));
    assert.equal(await healthSources(reports), ['lab', 'runner']);
  });
  await withScenario(tinyScenarioDoc({ pull: { workers: ['a'], endpoints: 'local' } }), async (file, reports) => {
    assert.is(await main(['run', file, '--reports-dir', reports, '--lab-in-process'], captureIo()), 0);
    assert.not.ok((await readdir(join(reports, 'latest'))).includes('probes.jsonl'));
    assert.equal(await healthSources(reports), ['runner']);
  });
});

run('a failing threshold: exit 99, the expression, series and actual value on stderr', async () => {
  await withScenario(tinyScenarioDoc({ thresholds: { 'replication_lag{region:b}': ['p(50)<1ms'] }, pull: { workers: ['a'], endpoints: 'local' } }), async (file, reports) => {
    const io = captureIo();
    assert.is(await main(['run', file, '--reports-dir', reports], io), 99);
    assert.match(io.err(), /replbench: threshold failed: replication_lag\{region:b\}: p\(50\)<1ms on region=b: actual \d+(\.\d+)? ms\n/);
    assert.match(io.out(), /1 of 3 thresholds FAILED/);
  });
});

run('a bad scenario: one line naming file and field, exit 2', async () => {
  await withScenario(tinyScenarioDoc({ workload: { images: 0 } }), async (file, reports) => {
    const io = captureIo();
    assert.is(await main(['run', file, '--reports-dir', reports], io), 2);
    const err = io.err();
    assert.is(err.split('\n').filter((l) => l !== '').length, 1);
    assert.match(err, /scenario\.json/);
    assert.match(err, /workload\.images/);
    assert.is(io.out(), '');
  });
});

run('an unreachable oci target: exit 3, nothing written', async () => {
  const closed = `http://127.0.0.1:${await freePort()}`;
  const doc = tinyScenarioDoc({ target: { kind: 'oci', regions: [{ name: 'a', endpoint: closed, insecure: true }, { name: 'b', endpoint: closed, insecure: true }] } });
  await withScenario(doc, async (file, reports) => {
    const io = captureIo();
    assert.is(await main(['run', file, '--reports-dir', reports], io), 3);
    assert.match(io.err(), /^replbench: the origin a \(http:\/\/127\.0\.0\.1:\d+\) cannot be reached/);
    assert.equal(await readdir(reports).catch(() => []), []);
  });
});

run('SIGINT: in-flight work finishes, reports say complete: false, exit 130; the handler is removed after', async () => {
  const doc = tinyScenarioDoc({ workload: { images: 20, repository: 'tiny/app-{i}', layers: 1, layerSize: '16KiB', pushConcurrency: 1, pushRate: '10/s' } });
  await withScenario(doc, async (file, reports) => {
    const io = captureIo();
    const listeners = process.listenerCount('SIGINT');
    const cancel = signalWhenRunning(reports, 'SIGINT');
    try {
      assert.is(await main(['run', file, '--reports-dir', reports, '--grace', '2s'], io), 130);
    } finally {
      cancel();
    }
    assert.is(process.listenerCount('SIGINT'), listeners);
    assert.match(io.err(), /interrupted \(SIGINT\): starting nothing new/);
    assert.match(io.out(), /INCOMPLETE \(interrupted \(SIGINT\)\)/);
    const summary = JSON.parse(await readFile(join(reports, 'latest', 'summary.json'), 'utf8')) as { complete: boolean };
    assert.is(summary.complete, false);
  });
});

run('SIGTERM: the same graceful stop, exit 143; both handlers are removed after', async () => {
  const doc = tinyScenarioDoc({ workload: { images: 20, repository: 'tiny/app-{i}', layers: 1, layerSize: '16KiB', pushConcurrency: 1, pushRate: '10/s' } });
  await withScenario(doc, async (file, reports) => {
    const io = captureIo();
    const listeners = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    const cancel = signalWhenRunning(reports, 'SIGTERM');
    try {
      assert.is(await main(['run', file, '--reports-dir', reports, '--grace', '2s'], io), 143);
    } finally {
      cancel();
    }
    assert.equal([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')], listeners);
    assert.match(io.err(), /interrupted \(SIGTERM\): starting nothing new; work in flight gets 2 s \(a second SIGTERM or SIGINT to abort it now\)/);
    assert.match(io.out(), /INCOMPLETE \(interrupted \(SIGTERM\)\)/);
    const summary = JSON.parse(await readFile(join(reports, 'latest', 'summary.json'), 'utf8')) as { complete: boolean };
    assert.is(summary.complete, false);
  });
});

run('--listen: only for workers.mode: remote; a remote run without the token is exit 2 naming the variable', async () => {
  const io = captureIo();
  assert.is(await main(['run', 'scenarios/smoke.yaml', '--listen', '127.0.0.1:0'], io), 2);
  assert.match(io.err(), /--listen: scenarios\/smoke\.yaml runs its workers in-process \(set workers\.mode: remote\)/);
  await withScenario(tinyScenarioDoc({ workers: { mode: 'remote', joinTimeout: '1s' } }), async (file, reports) => {
    const noToken = captureIo({});
    assert.is(await main(['run', file, '--reports-dir', reports, '--listen', '127.0.0.1:0'], noToken), 2);
    assert.match(noToken.err(), /REPLBENCH_WORKER_TOKEN/);
    const nobody = captureIo({ REPLBENCH_WORKER_TOKEN: 'test-token-0123456789abcdef' });
    assert.is(await main(['run', file, '--reports-dir', reports, '--listen', '127.0.0.1:0'], nobody), 3);
    assert.match(nobody.err(), /waiting for workers \(a, b\) at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(nobody.err(), /no worker joined for a, b within 1s/);
  });
});

run('SIGTERM while waiting for remote workers: no run is started, one line, exit 143', async () => {
  await withScenario(tinyScenarioDoc({ workers: { mode: 'remote', joinTimeout: '60s' } }), async (file, reports) => {
    const io = captureIo({ REPLBENCH_WORKER_TOKEN: 'test-token-0123456789abcdef' });
    const running = main(['run', file, '--reports-dir', reports, '--listen', '127.0.0.1:0'], io);
    for (let i = 0; i < 400 && !io.err().includes('waiting for workers'); i++) await new Promise((r) => setTimeout(r, 25));
    process.emit('SIGTERM');
    assert.is(await running, 143, io.err());
    assert.match(io.err(), /replbench: stopped while waiting for workers; no run was started\n/);
  });
});

run('--grace must be a duration', async () => {
  const io = captureIo();
  assert.is(await main(['run', 'scenarios/smoke.yaml', '--grace', 'soon'], io), 2);
  assert.match(io.err(), /--grace: expected a duration/);
});

run.run();

const stored = suite('run command --store (azurite on 127.0.0.1)');
let azurite: Azurite | undefined;
const STORE = 'azblob://devstoreaccount1/replbench-runs/ci';
const envOf = (key?: string): Record<string, string> => ({ AZURE_STORAGE_CONNECTION_STRING: connectionStringFor(azurite?.port ?? 0, key) });
stored.before(async () => {
  const started = await startAzurite();
  if (started.ok) azurite = started.azurite;
  else console.log(`\n  SKIP run --store tests: ${started.reason}\n`);
});
stored.after(async () => {
  await azurite?.stop();
});

stored('the run directory is uploaded as the run ends; an interrupted run is uploaded too, marked incomplete', async () => {
  if (azurite === undefined) return;
  await withScenario(tinyScenarioDoc({ pull: { workers: ['a'], endpoints: 'local' } }), async (file, reports) => {
    const io = captureIo(envOf());
    assert.is(await main(['run', file, '--reports-dir', reports, '--store', STORE], io), 0, io.err());
    const runId = (await readdir(reports)).find((n) => n !== 'latest') ?? '';
    assert.match(io.err(), new RegExp(`replbench: uploaded the run to ${STORE}/${runId}\n`));
    const store = await openStore(STORE, envOf());
    const [ref] = await store.list(runId);
    assert.equal([ref?.complete, ref?.thresholdsPass], [true, true]);
    const back = await store.get(runId, join(reports, '..', 'back'));
    for (const name of await readdir(join(reports, runId))) {
      assert.equal(await readFile(join(back, name)), await readFile(join(reports, runId, name)), name);
    }
  });
  const slow = tinyScenarioDoc({ workload: { images: 20, repository: 'tiny/app-{i}', layers: 1, layerSize: '16KiB', pushConcurrency: 1, pushRate: '10/s' } });
  await withScenario(slow, async (file, reports) => {
    const io = captureIo(envOf());
    const cancel = signalWhenRunning(reports, 'SIGINT');
    try {
      assert.is(await main(['run', file, '--reports-dir', reports, '--grace', '2s', '--store', STORE], io), 130);
    } finally {
      cancel();
    }
    const runId = (await readdir(reports)).find((n) => n !== 'latest') ?? '';
    assert.match(io.err(), /replbench: uploaded the partial run \(interrupted \(SIGINT\)\) to /);
    const [ref] = await (await openStore(STORE, envOf())).list(runId);
    assert.is(ref?.complete, false);
  });
});
stored('a bad --store URL costs no run (exit 2); an upload refused keeps the run directory and exits 3', async () => {
  if (azurite === undefined) return;
  await withScenario(tinyScenarioDoc({ pull: { workers: ['a'], endpoints: 'local' } }), async (file, reports) => {
    const bad = captureIo(envOf());
    assert.is(await main(['run', file, '--reports-dir', reports, '--store', 'azblob://x/runs'], bad), 2);
    assert.match(bad.err(), /--store: expected azblob:\/\/ACCOUNT\/CONTAINER/);
    assert.equal(await readdir(reports).catch(() => []), []);
    const wrongKey = Buffer.from('not the right key, but base64-shaped enough for the SDK').toString('base64');
    const refused = captureIo(envOf(wrongKey));
    assert.is(await main(['run', file, '--reports-dir', reports, '--store', STORE], refused), 3);
    assert.match(refused.err(), /replbench: could not upload the run to azblob:\/\/devstoreaccount1\/replbench-runs\/ci: .* \(the run directory .* is intact\)\n/);
    assert.not.ok(refused.err().includes(wrongKey));
    assert.ok((await readdir(join(reports, 'latest'))).includes('events.jsonl'));
  });
});
stored.run();
