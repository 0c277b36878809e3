import { execFileSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { applyRunHeapGrowth, heapGrowthChosen } from '../../src/cli/heap-growth.ts';

const test = suite('cli/heap-growth');

test('a growing factor the user set in node arguments or NODE_OPTIONS is theirs', () => {
  assert.is(heapGrowthChosen([], undefined), false);
  assert.is(heapGrowthChosen(['--import', 'tsx'], '--max-old-space-size=512'), false);
  assert.is(heapGrowthChosen(['--heap-growing-percent=50'], undefined), true);
  assert.is(heapGrowthChosen([], '--enable-source-maps --heap_growing_percent=10'), true);
});

test('the run sets --heap-growing-percent=30 once, and not over the user\'s choice', () => {
  const set: string[] = [];
  assert.is(applyRunHeapGrowth([], '', (f) => set.push(f)), true);
  assert.equal(set, ['--heap-growing-percent=30']);
  assert.is(applyRunHeapGrowth(['--heap-growing-percent=300'], '', (f) => set.push(f)), false);
  assert.is(applyRunHeapGrowth([], '--heap-growing-percent=300', (f) => set.push(f)), false);
  assert.equal(set, ['--heap-growing-percent=30']);
});

test('this Node\'s V8 knows the flag (setFlagsFromString ignores an unknown one silently)', () => {
  const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
  assert.match(options, /--heap-growing-percent\b/);
});

test.run();
