/**
 * The test runner: uvu's own runner over test/ (minus the folders named with
 * --ignore), in one process, then an exit that no leaked handle can hold up.
 * A test that leaves a socket, timer or child behind is named on stderr
 * instead of holding the process open; under CI (CI=true) it also fails the
 * run, so a leak is fixed where it starts. Handles still closing get a short
 * grace first, and the runner's own stdio is not counted.
 *   node --import tsx scripts/test.ts [dir] [--ignore name]...
 */
import { parse } from 'uvu/parse';
import { run } from 'uvu/run';

const args = process.argv.slice(2);
const ignore: string[] = [];
let dir = 'test';
for (let i = 0; i < args.length; i++) {
  const arg = args[i] ?? '';
  if (arg === '--ignore') ignore.push(args[++i] ?? '');
  else dir = arg;
}

// The process's own stdio handles (pipes or TTYs) exist before any test runs: not leaks.
void process.stdout;
void process.stderr;
const baseline = process.getActiveResourcesInfo();

/** Handles open now that were not open before the tests, waiting up to `graceMs` for closing ones to finish. */
async function leftoverHandles(graceMs: number): Promise<string[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const left = process.getActiveResourcesInfo();
    for (const kind of baseline) {
      const i = left.indexOf(kind);
      if (i >= 0) left.splice(i, 1);
    }
    if (left.length === 0 || Date.now() >= deadline) return left;
    // An unref'd timer, so the wait itself is not counted among the handles it waits on.
    await new Promise((resolve) => setTimeout(resolve, 50).unref());
  }
}

const { suites } = await parse(dir, /\.test\.ts$/, { ignore: ignore.map((name) => new RegExp(`(^|/)${name}/`)) });
await run(suites, { bail: false });

// uvu has printed its totals: name what the tests left open, then exit regardless.
const leftover = (await leftoverHandles(1000)).filter((kind) => kind !== 'TTYWrap');
const strict = process.env['CI'] === 'true';
if (leftover.length > 0) {
  process.stderr.write(`${strict ? 'error' : 'note'}: the tests left these handles open: ${leftover.join(', ')}\n`);
  if (strict) process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
