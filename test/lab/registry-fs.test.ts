import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { appendStream, isNotFound, listRepositories, readdirOrEmpty, readTextOrUndefined } from '../../src/lab/registry-fs.ts';

function inTemp(body: (dir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replbench-fs-'));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

async function* chunks(...texts: string[]): AsyncIterable<Uint8Array> {
  for (const text of texts) yield new TextEncoder().encode(text);
}

const append = suite('appendStream');
append('appends chunk by chunk and stops when told', inTemp(async (dir) => {
  const path = join(dir, 'f');
  await appendStream(path, chunks('ab', 'cd'), () => true);
  await appendStream(path, chunks('ef', 'STOP', 'gh'), (chunk) => chunk.byteLength !== 4);
  assert.is(readFileSync(path, 'utf8'), 'abcdef');
}));
append.run();

const tolerant = suite('tolerant reads');
tolerant('missing files and folders read as nothing', inTemp(async (dir) => {
  assert.is(await readTextOrUndefined(join(dir, 'none')), undefined);
  assert.equal(await readdirOrEmpty(join(dir, 'none')), []);
  assert.ok(isNotFound({ code: 'ENOENT' }));
  assert.not.ok(isNotFound(new Error('x')));
}));
tolerant.run();

const repos = suite('listRepositories');
repos('folders holding _ folders, at any depth', inTemp(async (dir) => {
  for (const path of ['a/_tags', 'a/b/c/_links', 'd/e', 'f/_manifests', 'f/g/_tags']) mkdirSync(join(dir, path), { recursive: true });
  assert.equal((await listRepositories(dir)).sort(), ['a', 'a/b/c', 'f', 'f/g']);
  assert.equal(await listRepositories(join(dir, 'missing')), []);
}));
repos.run();
