/**
 * `replbench --help` without yargs: importing yargs and letting it lay the
 * page out costs more CPU than the rest of the start-up, for a page that only
 * depends on the command list. This renders the same bytes yargs does at the
 * default 100-column width (a pipe, CI, any terminal at least 100 wide);
 * main() falls back to yargs for a narrower terminal, and
 * test/cli/top-level-help.test.ts holds the two renderings equal.
 */
import type { CommandEntry } from './command-index.ts';

/** The only width this page is rendered at without yargs (main's wrap for a pipe or a wide terminal). */
export const FAST_HELP_WIDTH = 100;

const SCRIPT = 'replbench';
const OPTIONS: readonly (readonly [flag: string, describe: string])[] = [
  ['    --version', 'Show version number'],
  ['-h, --help', 'Show help'],
];
const BOOLEAN = '[boolean]';

/** True for exactly `replbench --help` or `replbench -h`. */
export function isTopLevelHelp(args: readonly string[]): boolean {
  return args.length === 1 && (args[0] === '--help' || args[0] === '-h');
}

/**
 * The top-level help page at FAST_HELP_WIDTH, as yargs prints it (without the
 * final newline console.log adds); undefined when a command line is too long
 * for the layout this reproduces (then yargs renders it).
 */
export function topLevelHelp(commands: readonly CommandEntry[], width = FAST_HELP_WIDTH): string | undefined {
  const names = commands.map((c) => `${SCRIPT} ${c.command}`);
  const longest = Math.max(...names.map((n) => n.length));
  if (width !== FAST_HELP_WIDTH || longest > Math.floor(width / 2)) return undefined;
  const first = longest + 4;
  const lines = [`${SCRIPT} <command> [options]`, '', 'Commands:'];
  commands.forEach((c, i) => {
    const wrapped = wrapWords(c.describe, width - first);
    wrapped.forEach((text, k) => lines.push(`${k === 0 ? `  ${names[i] ?? ''}`.padEnd(first) : ' '.repeat(first)}${text}`.trimEnd()));
  });
  lines.push('', 'Options:');
  const flagWidth = Math.max(...OPTIONS.map(([flag]) => flag.length)) + 4;
  for (const [flag, describe] of OPTIONS) lines.push(`${`  ${flag}`.padEnd(flagWidth)}${describe.padEnd(width - flagWidth - BOOLEAN.length)}${BOOLEAN}`);
  return lines.join('\n');
}

/** Greedy word wrap at `width` columns (a word longer than a line gets a line of its own, cut). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
    while (line.length > width) {
      lines.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  lines.push(line);
  return lines;
}
