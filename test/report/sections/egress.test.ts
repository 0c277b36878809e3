import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { egressMarkdown, egressOf, pricePerGB } from '../../../src/report/sections/egress.ts';
import { foldEvents } from '../../../src/report/fold.ts';
import { buildSummary } from '../../../src/report/summary.ts';
import { egressEvents } from '../feature-events.ts';
import { renderMarkdown } from '../../../src/report/markdown.ts';
import { runEvents } from '../fixtures.ts';

const price = suite('pricePerGB');
price('a listed pair, else default for remote pairs; local pulls are free unless listed', () => {
  const table = { 'a->b': 0.02, 'c->c': 0.001, default: 0.05 };
  assert.is(pricePerGB(table, 'a', 'b'), 0.02);
  assert.is(pricePerGB(table, 'b', 'a'), 0.05);
  assert.is(pricePerGB(table, 'a', 'a'), 0);
  assert.is(pricePerGB(table, 'c', 'c'), 0.001);
  assert.is(pricePerGB({}, 'a', 'b'), 0);
});
price.run();

const of = suite('egressOf');
of('local and remote bytes per worker, priced from the endpoint to the worker', () => {
  assert.equal(egressOf(egressEvents()), {
    eastus: { localBytes: 2e9, remoteBytes: 1e9, estimatedCost: 0.02, currency: 'USD', byEndpoint: { eastus: 2e9, westeurope: 1e9 } },
    westeurope: { localBytes: 0, remoteBytes: 5e8, estimatedCost: 0.025, currency: 'USD', byEndpoint: { eastus: 5e8 } },
  });
});
of('absent without a price table; summary.json carries the contract keys only', () => {
  assert.is(egressOf(egressEvents(false)), undefined);
  assert.not.ok('egress' in buildSummary(foldEvents(egressEvents(false))));
  const summary = buildSummary(foldEvents(egressEvents()));
  assert.equal(summary.egress, {
    eastus: { localBytes: 2e9, remoteBytes: 1e9, estimatedCost: 0.02, currency: 'USD' },
    westeurope: { localBytes: 0, remoteBytes: 5e8, estimatedCost: 0.025, currency: 'USD' },
  });
});
of.run();

const markdown = suite('egressMarkdown');
markdown('bytes and cost per worker; in report.md after the gains', () => {
  const report = foldEvents(egressEvents());
  assert.match(egressMarkdown(report.egress ?? {}), /\| eastus \| 1\.86GiB \| 953\.67MiB \| 0\.020000 USD \|/);
  const md = renderMarkdown(report);
  assert.ok(md.indexOf('## Egress') > 0);
  assert.is(foldEvents(egressEvents(false)).egress, undefined);
  assert.not.match(renderMarkdown(foldEvents(runEvents())), /## Egress|## Connected|webhook events/);
});
markdown.run();
