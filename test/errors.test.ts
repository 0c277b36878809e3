/**
 * src/errors.ts: stable codes, and the README's table of them (code → class →
 * meaning → exit code) kept equal to the source and to src/cli/exit-codes.ts.
 */
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exitCodeFor } from '../src/cli/exit-codes.ts';
import * as errors from '../src/errors.ts';
import { RegistryError } from '../src/oci/errors.ts';
import { ReplbenchError, describeError, describeReadFailure, type ErrorCode } from '../src/errors.ts';

const source = readFileSync(new URL('../src/errors.ts', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The literals of `export type ErrorCode = | 'E_…' | …;`. */
function sourceCodes(): string[] {
  const union = /export type ErrorCode =([^;]*);/.exec(source)?.[1] ?? '';
  return [...union.matchAll(/'(E_[A-Z_]+)'/g)].map((m) => m[1] ?? '');
}

interface Row {
  readonly code: string;
  readonly raisedAs: string;
  readonly meaning: string;
  readonly exit: number;
}

function readmeRows(): Row[] {
  const section = readme.slice(readme.indexOf('## Exit codes'));
  const body = section.slice(0, section.indexOf('\n## ', 1));
  return [...body.matchAll(/^\| `(E_[A-Z_]+)` \| `(\w+)` \| ([^|]+) \| (\d+) \|$/gm)].map((m) => ({
    code: m[1] ?? '',
    raisedAs: m[2] ?? '',
    meaning: (m[3] ?? '').trim(),
    exit: Number(m[4]),
  }));
}

const table = suite('README error-code table');
table('lists every ErrorCode of src/errors.ts once, in its order', () => {
  const codes = sourceCodes();
  assert.ok(codes.length >= 9, `found ${codes.length} codes in src/errors.ts`);
  assert.equal(readmeRows().map((r) => r.code), codes);
});
table('gives each code the exit code the CLI maps it to', () => {
  for (const row of readmeRows()) {
    assert.is(row.exit, exitCodeFor(new ReplbenchError(row.code as ErrorCode, 'x')), row.code);
    assert.ok(row.meaning.length > 10, `${row.code} has a meaning`);
  }
});
table('names the class that raises each code', () => {
  const rows = new Map(readmeRows().map((r) => [r.code, r]));
  let classes = 0;
  for (const [name, value] of Object.entries(errors)) {
    if (typeof value !== 'function' || value === ReplbenchError || !(value.prototype instanceof ReplbenchError)) continue;
    const Ctor = value as unknown as new (...args: unknown[]) => ReplbenchError;
    const code = new Ctor('x', 'x', 'x').code;
    classes++;
    assert.is(rows.get(code)?.raisedAs, name, `${name} raises ${code}`);
  }
  assert.ok(classes >= 8, `checked ${classes} classes`);
  assert.is(rows.get(new RegistryError({ status: 500, method: 'GET', url: '/v2/' }).code)?.raisedAs, 'RegistryError');
});
table.run();

const base = suite('ReplbenchError');
base('carries its code, name and cause', () => {
  const cause = new Error('inner');
  const err = new errors.ConfigError('bad', { cause });
  assert.is(err.code, 'E_CONFIG');
  assert.is(err.name, 'ConfigError');
  assert.is(err.cause, cause);
});
base.run();

const describe = suite('describeError');
describe('is the first line of a message, or the thrown value as text', () => {
  assert.is(describeError(new Error('one\ntwo')), 'one');
  assert.is(describeError('plain'), 'plain');
});
describe.run();

const readFailure = suite('describeReadFailure');
readFailure('a missing file, a directory, no permission in words; anything else as describeError has it', () => {
  const errno = (code: string): Error => Object.assign(new Error(`${code}: raw text`), { code });
  assert.equal(['ENOENT', 'EISDIR', 'EACCES', 'EIO'].map((c) => describeReadFailure(errno(c))), ['no such file', 'it is a directory', 'permission denied', 'EIO: raw text']);
  assert.is(describeReadFailure('plain'), 'plain');
});
readFailure.run();
