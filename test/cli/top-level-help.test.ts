import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { COMMANDS, listedOnly, type CommandEntry } from '../../src/cli/command-index.ts';
import { buildParser, main } from '../../src/cli/main.ts';
import { FAST_HELP_WIDTH, isTopLevelHelp, topLevelHelp } from '../../src/cli/top-level-help.ts';
import { captureIo } from '../helpers/capture-io.ts';

/** What console.log receives while fn runs (yargs prints its help there). */
async function logged(fn: () => Promise<unknown>): Promise<string> {
  const log = console.log;
  let text = '';
  console.log = (...parts: unknown[]) => void (text += `${parts.join(' ')}\n`);
  try {
    await fn();
  } finally {
    console.log = log;
  }
  return text;
}

/** yargs' own top-level help for a command list, at a width. */
async function yargsHelp(commands: readonly CommandEntry[], width: number): Promise<string> {
  return logged(async () => (await buildParser(['--help'], commands.map(listedOnly), width)).parseAsync(['--help'], { io: captureIo() }));
}

const entry = (command: string, describe: string): CommandEntry => ({ name: command.split(' ')[0] ?? command, command, describe, load: async () => listedOnly(entry(command, describe)) });

const help = suite('topLevelHelp');
help('is the bytes yargs prints for replbench --help at 100 columns', async () => {
  assert.is(`${topLevelHelp(COMMANDS)}\n`, await yargsHelp(COMMANDS, FAST_HELP_WIDTH));
});
help('and for other command lists: long and short lines, a word longer than a line, one command', async () => {
  const lists: CommandEntry[][] = [
    [entry('a', 'short'), entry('bb <x> [y..]', 'x '.repeat(90).trim())],
    [entry('deploy <target>', `${'w'.repeat(75)} then a few words after it that wrap again and again until the line is full`)],
    [entry('one', 'the only command there is, described in exactly enough words to need a second line of text here')],
  ];
  for (const list of lists) assert.is(`${topLevelHelp(list)}\n`, await yargsHelp(list, FAST_HELP_WIDTH), list.map((c) => c.command).join(', '));
});
help('leaves other widths and over-long command lines to yargs', () => {
  assert.is(topLevelHelp(COMMANDS, 80), undefined);
  assert.is(topLevelHelp([entry(`x ${'<arg> '.repeat(10).trim()}`, 'd')]), undefined);
});
help.run();

const fast = suite('main --help');
fast('replbench --help and -h print that page, exit 0', async () => {
  for (const flag of ['--help', '-h']) {
    let code = -1;
    const text = await logged(async () => (code = await main([flag], captureIo())));
    assert.is(code, 0);
    assert.is(text, `${topLevelHelp(COMMANDS)}\n`);
  }
});
fast('only the bare flag takes the short cut', () => {
  assert.ok(isTopLevelHelp(['--help']));
  assert.ok(isTopLevelHelp(['-h']));
  assert.not.ok(isTopLevelHelp(['probe', '--help']));
  assert.not.ok(isTopLevelHelp(['--help', '--version']));
  assert.not.ok(isTopLevelHelp([]));
});
fast.run();
