/**
 * src/cli/exit-codes.ts: one contract for every command, row by row over
 * every error class replbench raises (and the statuses a RegistryError can
 * carry). test/errors.test.ts keeps the README's table equal to the codes;
 * test/e2e/hostile-registry.test.ts shows each command applying it.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ExitCode, exitCodeFor } from '../../src/cli/exit-codes.ts';
import { WorkerLostError, RemoteTaskError } from '../../src/dist/worker-session.ts';
import {
  AbortedError,
  AuthError,
  ConfigError,
  DigestMismatchError,
  ProtocolError,
  StalledError,
  TimeoutError,
  UnreachableError,
  UsageError,
} from '../../src/errors.ts';
import { StoreError } from '../../src/lab/store.ts';
import { RegistryError } from '../../src/oci/errors.ts';

const registry = (status: number): RegistryError => new RegistryError({ status, method: 'GET', url: '/v2/r/manifests/t' });

const ROWS: readonly [string, unknown, number][] = [
  ['a bad scenario or flag value', new ConfigError('x'), 2],
  ['a bad command line', new UsageError('x'), 2],
  ['refused credentials (AuthError)', new AuthError('x', { status: 401 }), 3],
  ['refused credentials (a bare 401)', registry(401), 3],
  ['refused credentials (403 denied)', registry(403), 3],
  ['throttled past the retry budget (429)', registry(429), 3],
  ['unavailable past the retry budget (503)', registry(503), 3],
  ['not found (404)', registry(404), 1],
  ['a server error (500)', registry(500), 1],
  ['an unreachable endpoint', new UnreachableError('http://x', 'x'), 3],
  ['a lost remote worker', new WorkerLostError('a', 'gone'), 3],
  ['an inactivity timeout or a deadline', new TimeoutError('x', 1000), 3],
  ['a stalled transfer', new StalledError('x'), 3],
  ['a remote worker\'s stalled task', new RemoteTaskError('a', 'E_STALLED', 'x'), 3],
  ['interrupted', new AbortedError(), 130],
  ['a digest mismatch (bad digest header, tampered body)', new DigestMismatchError('sha256:a', 'sha256:b', 'x'), 1],
  ['a protocol violation (redirect scheme, truncated body)', new ProtocolError('x'), 1],
  ['a lab store refusal', new StoreError('name-invalid', 'x'), 1],
  ['a plain Error (a bug)', new Error('x'), 1],
  ['a thrown string', 'x', 1],
];

const table = suite('exitCodeFor: every error class');
for (const [what, err, code] of ROWS) table(`${what} → ${code}`, () => assert.is(exitCodeFor(err), code));
table('the named codes', () => {
  assert.equal([ExitCode.ok, ExitCode.unexpected, ExitCode.usage, ExitCode.unreachable, ExitCode.thresholdFailed, ExitCode.interrupted], [0, 1, 2, 3, 99, 130]);
});
table.run();
