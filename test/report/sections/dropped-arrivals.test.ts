import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { droppedArrivalsHtml, droppedArrivalsMarkdown, droppedArrivalsOf } from '../../../src/report/sections/dropped-arrivals.ts';
import type { ReplEvent } from '../../../src/events/index.ts';
import { runEvents } from '../fixtures.ts';

const drop = (worker: string, count: number): ReplEvent => ({ type: 'dropped-arrivals', t: 1, labels: { worker }, count, source: 'k6' });

const fold = suite('droppedArrivalsOf');
fold('sums per worker, sorted; zero counts and runs that dropped nothing have no part', () => {
  assert.equal(droppedArrivalsOf([drop('b', 2), drop('a', 1), drop('b', 3), drop('c', 0)]), { a: 1, b: 5 });
  assert.is(droppedArrivalsOf([drop('a', 0)]), undefined);
  assert.is(droppedArrivalsOf(runEvents()), undefined);
});
fold.run();

const section = suite('droppedArrivalsMarkdown / droppedArrivalsHtml');
section('a table of workers and pulls never started, with what it means', () => {
  const text = droppedArrivalsMarkdown({ eastus: 4 });
  assert.match(text, /^## Dropped arrivals\n\n\| worker \| pulls never started \|\n\| --- \| --- \|\n\| eastus \| \*\*4\*\* \|\n\n/);
  assert.match(text, /lost arrivals/);
  assert.match(droppedArrivalsHtml({ eastus: 4 }), /^<section>\n<h2>Dropped arrivals<\/h2>\n.*<td>eastus<\/td><td>4<\/td>/s);
});
section.run();
