import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uploadRun } from '../../src/cli/run-upload.ts';
import type { ResultsStore } from '../../src/dist/store-types.ts';
import { openStore } from '../../src/dist/store.ts';
import { AuthError } from '../../src/errors.ts';
import { captureIo } from '../helpers/capture-io.ts';

async function withRunDir(fn: (runDir: string, root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'replbench-run-upload-'));
  try {
    const runDir = join(root, 'reports', '20261207T120000Z-tiny');
    await mkdir(runDir, { recursive: true });
    await writeFile(join(runDir, 'events.jsonl'), '{"type":"run-start"}\n');
    await writeFile(join(runDir, 'summary.json'), '{"complete":false,"thresholds":[]}\n');
    await fn(runDir, root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const failing = (err: unknown): ResultsStore => ({
  url: 'azblob://acct/runs',
  put: async () => {
    throw err;
  },
  get: async () => '',
  list: async () => [],
});

const upload = suite('uploadRun');
upload('a partial run goes to the store as it is, and the exit code stays the run\'s', () =>
  withRunDir(async (runDir, root) => {
    const store = await openStore(`file://${join(root, 'store')}`, {});
    const io = captureIo();
    assert.is(await uploadRun(io, store, { runDir, complete: false, interrupted: 'interrupted (SIGINT)' }, 130), 130);
    assert.match(io.err(), /^replbench: uploaded the partial run \(interrupted \(SIGINT\)\) to .*20261207T120000Z-tiny\n$/);
    assert.is(await readFile(join(root, 'store', '20261207T120000Z-tiny', 'events.jsonl'), 'utf8'), '{"type":"run-start"}\n');
  }));
upload('a refused upload keeps the run directory and turns exit 0 into the error\'s code; a failing run keeps its own', () =>
  withRunDir(async (runDir) => {
    const io = captureIo();
    assert.is(await uploadRun(io, failing(new AuthError('the key was refused')), { runDir, complete: true }, 0), 3);
    assert.match(io.err(), /^replbench: could not upload the run to azblob:\/\/acct\/runs: the key was refused \(the run directory .*20261207T120000Z-tiny is intact\)\n$/);
    assert.is(await uploadRun(captureIo(), failing(new Error('boom')), { runDir, complete: true }, 99), 99);
    assert.is(await uploadRun(captureIo(), failing(new Error('boom')), { runDir, complete: true }, 0), 1);
  }));
upload('Ctrl-C during the upload abandons it (exit 130) and leaves no listener behind', () =>
  withRunDir(async (runDir) => {
    const hanging: ResultsStore = {
      url: 'azblob://acct/runs',
      put: (_dir, options) =>
        new Promise((_resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('the test waited 10 s for the abort')), 10_000);
          options?.signal?.addEventListener('abort', () => (clearTimeout(timer), reject(options.signal?.reason)));
        }),
      get: async () => '',
      list: async () => [],
    };
    const before = process.listenerCount('SIGINT');
    const io = captureIo();
    const done = uploadRun(io, hanging, { runDir, complete: true }, 0);
    setTimeout(() => process.emit('SIGINT'), 50);
    assert.is(await done, 130);
    assert.match(io.err(), /the upload was interrupted \(SIGINT\)/);
    assert.is(process.listenerCount('SIGINT'), before);
  }));
upload.run();
