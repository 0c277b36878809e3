import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Digester, digestOf } from '../../src/lab/registry-names.ts';
import { isStoreError } from '../../src/lab/store.ts';
import { appendToSession, idleSession, type UploadProgress } from '../../src/lab/upload-session.ts';

const session = (): UploadProgress => ({ repo: 'app', digester: new Digester(), sizeBytes: 0, busy: false });
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test('idleSession: unknown and busy sessions are refused with their reason', () => {
  const s = session();
  const sessions = new Map([['u1', s]]);
  assert.is(idleSession(sessions, 'u1'), s);
  assert.throws(() => idleSession(sessions, 'nope'), (e: unknown) => isStoreError(e, 'upload-unknown'));
  s.busy = true;
  assert.throws(() => idleSession(sessions, 'u1'), (e: unknown) => isStoreError(e, 'upload-busy'));
});

test('appendToSession: hashes and counts what is taken, busy while writing, refuses a chunk that does not start at the end', async () => {
  const s = session();
  let busyInside = false;
  const size = await appendToSession('u1', s, 0, async (take) => {
    busyInside = s.busy;
    take(bytes('ab'));
    take(bytes('c'));
  });
  assert.equal([size, s.busy, busyInside, s.digester.digest()], [3, false, true, digestOf(bytes('abc'))]);
  let wrote = false;
  try {
    await appendToSession('u1', s, 1, async () => {
      wrote = true;
    });
    assert.unreachable();
  } catch (e) {
    assert.ok(isStoreError(e, 'upload-range') && e.sizeBytes === 3, String(e));
  }
  assert.is(wrote, false, 'nothing read before the offset check');
});

test('appendToSession: a write that fails leaves the session idle', async () => {
  const s = session();
  await appendToSession('u1', s, undefined, async () => {
    throw new Error('disk full');
  }).catch(() => undefined);
  assert.is(s.busy, false);
});

test.run();
