import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { renderVerdict, VERDICT_ID } from '../../src/report/html-verdict.ts';
import { runEvents } from './fixtures.ts';
import { syntheticRun } from './synthetic-run.ts';

/** The verdict table's line for one region (one row per line). */
const row = (html: string, region: string): string => html.split('\n').find((l) => l.includes(`<strong>${region}</strong>`)) ?? '';

const verdict = suite('renderVerdict');
verdict('a row per region: replicated share, lag p50 and p99 with ± bounds, gain with its medians, that region\'s thresholds', () => {
  const html = renderVerdict(foldEvents(runEvents()));
  assert.match(html, new RegExp(`^<section class="verdict" id="${VERDICT_ID}">`));
  const head = /<thead>(.*?)<\/thead>/.exec(html)?.[1] ?? '';
  assert.is(head, '<tr><th>region</th><th>replicated</th><th>lag p50</th><th>lag p99</th><th>network-close gain</th><th>thresholds</th></tr>');
  assert.match(row(html, 'eastus'), /<span class="muted">origin<\/span>.*pushed here.*<td>–<\/td><td>–<\/td>.*8\.99×.*local 10ms · westeurope 90ms/);
  assert.match(row(html, 'westeurope'), /<td class="pass">100% <span class="muted">\(100\/100\)<\/span><\/td><td>50ms ± 2ms<\/td><td>99ms ± 2ms<\/td>/);
  assert.match(row(html, 'japaneast'), /<td class="fail">98\.0% <span class="muted">\(98\/100\)<\/span><\/td>/);
  assert.match(row(html, 'japaneast'), /<td class="fail"><span title="replication_outcome\{region:japaneast\}: rate\(replicated\)&gt;=0\.99">1 of 1 failed<\/span><\/td>/);
});
verdict('marks a p99 resting on fewer than 100 samples, and only that', () => {
  const html = renderVerdict(foldEvents(runEvents()));
  assert.match(row(html, 'japaneast'), /196ms ± 1ms <span class="few" title="98 samples: a p99 needs 100 to differ from the max">n too small<\/span>/);
  assert.not.match(row(html, 'westeurope'), /class="few"/);
  assert.not.match(renderVerdict(foldEvents(syntheticRun({ seed: 1, images: 200 }))).split('<p class="note">')[0] ?? '', /class="few"/);
});
verdict('names the failed thresholds, or says all passed', () => {
  assert.match(renderVerdict(foldEvents(runEvents())), /<span class="fail">3 of 6 thresholds failed:<\/span> <code>replication_lag: med&lt;1ms<\/code>;/);
  const passing = foldEvents(syntheticRun({ seed: 1, images: 200 }), { thresholds: { replication_lag: ['p(99)<1m'] } });
  assert.match(renderVerdict(passing), /<span class="pass">All \d+ thresholds passed<\/span>/);
});
verdict('is empty for a log without regions', () => {
  assert.is(renderVerdict(foldEvents([])), '');
});
verdict.run();
