/**
 * The test runner: uvu's own runner over test/ (minus the folders named with
 * --ignore), in one process, then an exit that no leaked handle can hold up.
 * A test that leaves a socket, timer or child behind is named on stderr
 * instead of holding the process (and CI) open.
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

const { suites } = await parse(dir, /\.test\.ts$/, { ignore: ignore.map((name) => new RegExp(`(^|/)${name}/`)) });
await run(suites, { bail: false });

// uvu has printed its totals: name what the tests left open, then exit regardless.
const leftover = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
if (leftover.length > 0) process.stderr.write(`note: the tests left these handles open: ${leftover.join(', ')}\n`);
process.exit(process.exitCode ?? 0);
