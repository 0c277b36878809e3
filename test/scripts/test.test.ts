/**
 * The test runner (scripts/test.ts) run on tiny fixture test files in a temp
 * folder: a test that leaves a timer or a server open fails the run under
 * CI=true and is named on stderr; without CI it is only a note; a clean test
 * file passes either way. This is what makes every "closes cleanly" test able
 * to fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const UVU = import.meta.resolve('uvu');

/** Runs the runner over a folder holding one test file with `body` as its test; returns exit code and stderr. */
function runFixture(body: string, env: Record<string, string | undefined>): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'replbench-runner-'));
  try {
    writeFileSync(join(dir, 'fixture.test.ts'), `import { test } from ${JSON.stringify(UVU)};\ntest('fixture', async () => {\n${body}\n});\ntest.run();\n`);
    const childEnv: NodeJS.ProcessEnv = { ...process.env };
    delete childEnv['CI'];
    for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/test.ts', dir], { cwd: ROOT, env: childEnv, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LEAK_TIMER = 'setInterval(() => {}, 60_000);';
const LEAK_SERVER = "(await import('node:net')).createServer().listen(0, '127.0.0.1');";

test('CI=true: a leaked timer fails the run and is named', () => {
  const r = runFixture(LEAK_TIMER, { CI: 'true' });
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /error: the tests left these handles open: .*Timeout/);
});

test('CI=true: a leaked listening server fails the run and is named', () => {
  const r = runFixture(LEAK_SERVER, { CI: 'true' });
  assert.is(r.status, 1, r.stderr);
  assert.match(r.stderr, /error: the tests left these handles open: .*TCPServerWrap/);
});

test('without CI a leak is a note and the run passes', () => {
  const r = runFixture(LEAK_TIMER, {});
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stderr, /note: the tests left these handles open: .*Timeout/);
});

test('CI=true: a test that closes what it opens passes with nothing named', () => {
  const r = runFixture("const t = setInterval(() => {}, 60_000); clearInterval(t);", { CI: 'true' });
  assert.is(r.status, 0, r.stderr);
  assert.not.match(r.stderr, /handles open/);
});

test.run();
