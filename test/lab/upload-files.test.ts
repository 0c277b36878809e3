import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { digestOf } from '../../src/lab/registry-names.ts';
import { isStoreError } from '../../src/lab/store.ts';
import { FileUploads, uploadDigest } from '../../src/lab/upload-files.ts';

async function* chunks(...texts: string[]): AsyncIterable<Uint8Array> {
  for (const text of texts) yield new TextEncoder().encode(text);
}

const uploads = suite('FileUploads');

uploads('sessions write to files; take ends the session; cancel removes the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replbench-uploads-'));
  try {
    const files = new FileUploads(dir);
    const id = await files.create('lib/x');
    assert.is(await files.append(id, chunks('hel', 'lo'), 0), 5);
    assert.equal(files.stat(id), { repo: 'lib/x', sizeBytes: 5 });
    const upload = files.take(id);
    assert.is(readFileSync(upload.path, 'utf8'), 'hello');
    assert.is(files.stat(id), undefined);
    const hello = new TextEncoder().encode('hello');
    assert.is(await uploadDigest(upload, digestOf(hello)), digestOf(hello));
    assert.is(await uploadDigest(upload, digestOf(hello, 'sha512')), digestOf(hello, 'sha512'));
    const other = await files.create('lib/x');
    const path = join(dir, other);
    assert.ok(existsSync(path));
    await files.cancel(other);
    assert.not.ok(existsSync(path));
    try {
      files.take(other);
      assert.unreachable('expected upload-unknown');
    } catch (err) {
      assert.ok(isStoreError(err, 'upload-unknown'));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

uploads.run();
