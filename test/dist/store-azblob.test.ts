import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { openStore, selectRun } from '../../src/dist/store.ts';
import type { ResultsStore } from '../../src/dist/store-types.ts';
import { connectionStringFor, DEV_KEY, startAzurite, type Azurite } from './azurite.ts';
import { makeRunDir, snapshotFiles, storedView } from './store-fixtures.ts';
import { withTmpDir } from './k6-fixtures.ts';
import { freePort } from '../helpers/free-port.ts';

const az = suite('AzBlobStore (azurite on 127.0.0.1)');
let azurite: Azurite | undefined;
let skipReason = '';

az.before(async () => {
  const started = await startAzurite();
  if (started.ok) azurite = started.azurite;
  else {
    skipReason = started.reason;
    console.log(`\n  SKIP AzBlobStore tests: ${skipReason}\n`);
  }
});
az.after(async () => {
  await azurite?.stop();
});

async function storeAt(prefix: string, key = DEV_KEY): Promise<ResultsStore> {
  const port = azurite?.port ?? 0;
  return openStore(`azblob://devstoreaccount1/${prefix}`, { AZURE_STORAGE_CONNECTION_STRING: connectionStringFor(port, key) });
}

az('put → list → get gives back byte-identical files, with content types set', async () => {
  if (azurite === undefined) return;
  await withTmpDir(async (dir) => {
    const run = makeRunDir(join(dir, 'runs'), { runId: '20261122T001500Z-smoke', scenario: 'smoke', startedAt: '2026-11-22T00:15:00.000Z', pass: true });
    const store = await storeAt('replbench-runs/nightly/eu');
    const url = await store.put(run);
    assert.is(url, 'azblob://devstoreaccount1/replbench-runs/nightly/eu/20261122T001500Z-smoke');
    const runs = await store.list();
    assert.equal(runs, [
      { runId: '20261122T001500Z-smoke', url, scenario: 'smoke', startedAt: '2026-11-22T00:15:00.000Z', complete: true, thresholdsPass: true, thresholds: 1 },
    ]);
    const back = await store.get('20261122T001500Z-smoke', join(dir, 'back'));
    assert.is(back, join(dir, 'back', '20261122T001500Z-smoke'));
    assert.equal(snapshotFiles(back), storedView(snapshotFiles(run)));

    const container = BlobServiceClient.fromConnectionString(azurite?.connectionString ?? '').getContainerClient('replbench-runs');
    const types: Record<string, string | undefined> = {};
    for await (const b of container.listBlobsFlat({ prefix: 'nightly/eu/20261122T001500Z-smoke/' })) types[b.name.split('/').slice(3).join('/')] = b.properties.contentType;
    assert.equal(types, {
      'assets/chart.bin': 'application/octet-stream',
      'events.jsonl': 'application/x-ndjson',
      'pull_duration.endpoint-eastus+worker-eastus.hgrm': 'text/plain; charset=utf-8',
      'report.html': 'text/html; charset=utf-8',
      'report.md': 'text/markdown; charset=utf-8',
      'summary.json': 'application/json',
    });
  });
});
az('lists runs under the prefix newest first, with scenario and threshold verdict for latest-pass', async () => {
  if (azurite === undefined) return;
  await withTmpDir(async (dir) => {
    const store = await storeAt('listing/p');
    const specs = [
      { runId: '20261120T000000Z-smoke', scenario: 'smoke', startedAt: '2026-11-20T00:00:00.000Z', pass: true },
      { runId: '20261122T000000Z-smoke', scenario: 'smoke', startedAt: '2026-11-22T00:00:00.000Z', pass: false },
      { runId: '20261121T000000Z-other', scenario: 'other', startedAt: '2026-11-21T00:00:00.000Z', pass: true },
    ];
    for (const s of specs) await store.put(makeRunDir(join(dir, 'runs'), s));
    const runs = await store.list();
    assert.equal(runs.map((r) => `${r.runId} ${r.thresholdsPass}`), ['20261122T000000Z-smoke false', '20261121T000000Z-other true', '20261120T000000Z-smoke true']);
    assert.is(selectRun(runs, 'latest-pass', 'smoke')?.runId, '20261120T000000Z-smoke');
    assert.is(selectRun(runs, 'latest')?.runId, '20261122T000000Z-smoke');
    assert.equal((await store.list('20261121')).map((r) => r.runId), ['20261121T000000Z-other']);
    assert.equal(await (await storeAt('listing/other-prefix')).list(), []);
    assert.equal(await (await storeAt('no-such-container')).list(), []);
  });
});
az('putting a run again replaces it: files gone from the run directory are removed from the store', async () => {
  if (azurite === undefined) return;
  await withTmpDir(async (dir) => {
    const store = await storeAt('replace');
    const run = makeRunDir(join(dir, 'runs'), { runId: 'r1', scenario: 's', startedAt: '2026-11-22T00:00:00.000Z', pass: true });
    await store.put(run);
    unlinkSync(join(run, 'report.html'));
    writeFileSync(join(run, 'report.md'), '# changed\n');
    await store.put(run);
    const back = await store.get('r1', join(dir, 'back'));
    assert.equal(snapshotFiles(back), storedView(snapshotFiles(run)));
  });
});
az('a missing run (container or not) and a non-empty target directory are ConfigErrors', async () => {
  if (azurite === undefined) return;
  await withTmpDir(async (dir) => {
    const present = await storeAt('present');
    await present.put(makeRunDir(join(dir, 'runs'), { runId: 'r1', scenario: 's', startedAt: '2026-11-22T00:00:00.000Z', pass: true }));
    const cases: [ResultsStore, string, string, RegExp][] = [
      [await storeAt('missing'), 'nope', dir, /^azblob:\/\/devstoreaccount1\/missing: no run nope$/],
      [present, 'nope', dir, /^azblob:\/\/devstoreaccount1\/present: no run nope$/],
      [present, 'r1', join(dir, 'runs'), /r1: already exists and is not empty; choose another directory$/],
    ];
    for (const [store, runId, to, message] of cases) {
      try {
        await store.get(runId, to);
        assert.unreachable('should have thrown');
      } catch (err: unknown) {
        assert.is((err as { code?: string }).code, 'E_CONFIG', (err as Error).message);
        assert.match((err as Error).message, message);
      }
    }
  });
});
az('a wrong key is an AuthError whose message holds neither key nor connection string', async () => {
  if (azurite === undefined) return;
  const wrongKey = Buffer.from('not the right key, but base64-shaped enough for the SDK').toString('base64');
  const store = await storeAt('auth', wrongKey);
  try {
    await store.list();
    assert.unreachable('should have thrown');
  } catch (err: unknown) {
    const e = err as Error & { code?: string; cause?: unknown };
    assert.is(e.code, 'E_AUTH');
    assert.match(e.message, /^list azblob:\/\/devstoreaccount1\/auth: 403/);
    assert.not.ok(e.message.includes(wrongKey));
    assert.not.ok(e.message.includes('AccountKey='.concat(wrongKey)));
    assert.is(e.cause, undefined);
  }
});
az('an endpoint nobody listens on is an UnreachableError', async () => {
  if (azurite === undefined) return;
  const port = await freePort();
  const store = await openStore('azblob://devstoreaccount1/down', { AZURE_STORAGE_CONNECTION_STRING: connectionStringFor(port) });
  try {
    await store.list();
    assert.unreachable('should have thrown');
  } catch (err: unknown) {
    assert.is((err as { code?: string }).code, 'E_UNREACHABLE');
    assert.not.ok((err as Error).message.includes(DEV_KEY));
  }
});
az.run();
