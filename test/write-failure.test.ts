import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { WriteError } from '../src/errors.ts';
import { writeCause, writeFailure } from '../src/write-failure.ts';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: raw message, no file`), { code });

const cause = suite('writeCause');

cause('an errno in words with its code; anything else by its message', () => {
  assert.is(writeCause(errno('ENOSPC')), 'no space left on device (ENOSPC)');
  assert.is(writeCause(errno('EROFS')), 'read-only file system (EROFS)');
  assert.is(writeCause(errno('EWHATEVER')), 'EWHATEVER: raw message, no file');
  assert.is(writeCause('text'), 'text');
});

const failure = suite('writeFailure');

failure('a WriteError naming the file and the cause, the errno error as its cause; a WriteError passes through', () => {
  const raw = errno('ENOSPC');
  const e = writeFailure('/r/summary.json', raw);
  assert.instance(e, WriteError);
  assert.is(e.code, 'E_WRITE');
  assert.is(e.path, '/r/summary.json');
  assert.is(e.message, 'cannot write /r/summary.json: no space left on device (ENOSPC)');
  assert.is(e.cause, raw);
  assert.is(writeFailure('/other', e), e);
  assert.is(writeFailure('/r', errno('EACCES'), 'create the reports directory').message, 'cannot create the reports directory /r: permission denied (EACCES)');
});

cause.run();
failure.run();
