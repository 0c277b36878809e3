import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { findSeries, seriesOf } from '../../src/report/report.ts';
import { runEvents } from './fixtures.ts';

const of = suite('seriesOf');
of('returns one metric\'s series in key order', () => {
  const keys = seriesOf(foldEvents(runEvents()), 'replication_lag').map((s) => s.key);
  assert.equal(keys, ['region=japaneast', 'region=westeurope']);
});
of.run();

const find = suite('findSeries');
find('finds a series by metric and key', () => {
  const report = foldEvents(runEvents());
  assert.is(findSeries(report, 'pull_ttfb', 'endpoint=eastus,worker=japaneast')?.histogram.totalCount, 10);
  assert.is(findSeries(report, 'pull_ttfb', 'endpoint=nowhere,worker=japaneast'), undefined);
});
find.run();
