import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../../src/report/fold.ts';
import { renderMarkdown } from '../../../src/report/markdown.ts';
import { outOfRegionFlags, pullRedirectsMarkdown, pullRedirectsOf } from '../../../src/report/sections/pull-redirects.ts';
import { findSeries } from '../../../src/report/report.ts';
import { buildSummary } from '../../../src/report/summary.ts';
import type { PullRedirectEvent, ReplEvent } from '../../../src/events/index.ts';
import { START, runEvents } from '../fixtures.ts';

const redirect = (endpoint: string, storage: string, host: string, valueUs: number, worker = 'eastus'): PullRedirectEvent => ({
  type: 'pull-redirect',
  t: 1,
  labels: { worker, endpoint, storage },
  valueUs,
  storageUs: 500,
  host,
  outOfRegion: storage !== 'unknown' && storage !== endpoint,
  image: 'img-1',
});

const events: ReplEvent[] = [
  START,
  redirect('eastus', 'eastus', 'eastus.data.example:1', 2_000),
  redirect('eastus', 'eastus', 'eastus.data.example:1', 4_000),
  redirect('japaneast', 'eastus', 'eastus.data.example:2', 150_000, 'japaneast'),
  redirect('japaneast', 'japaneast', 'japaneast.data.example:3', 1_000, 'japaneast'),
  redirect('westeurope', 'unknown', 'abcd.blob.core.windows.net', 3_000),
];

const of = suite('pullRedirectsOf');
of('counts per endpoint and storage host; nothing when no download was redirected', () => {
  const r = pullRedirectsOf(events);
  assert.equal(r?.eastus, { redirected: 2, outOfRegion: 0, hosts: { 'eastus.data.example:1': { region: 'eastus', downloads: 2, outOfRegion: false, storageP50Ms: 0.5 } } });
  assert.equal([r?.japaneast?.redirected, r?.japaneast?.outOfRegion], [2, 1]);
  assert.equal(Object.keys(r ?? {}), ['eastus', 'japaneast', 'westeurope']);
  assert.is(pullRedirectsOf(runEvents()), undefined);
});
of.run();

const fold = suite('pull_redirect in the report');
fold('each record is a sample of pull_redirect{endpoint,storage,worker}; the flag names the far storage host', () => {
  const report = foldEvents(events);
  assert.is(findSeries(report, 'pull_redirect', 'endpoint=eastus,storage=eastus,worker=eastus')?.histogram.totalCount, 2);
  assert.is(findSeries(report, 'pull_redirect', 'endpoint=japaneast,storage=eastus,worker=japaneast')?.histogram.maxValue, 150_000);
  assert.equal(outOfRegionFlags(report), ['japaneast: 1 of 2 redirected blob downloads came from storage outside the region — eastus.data.example:2 (eastus)']);
  const summary = buildSummary(report) as { pullRedirects: Record<string, { flag?: string; outOfRegion: number }> };
  assert.is(summary.pullRedirects.eastus?.flag, undefined);
  assert.match(summary.pullRedirects.japaneast?.flag ?? '', /^japaneast: 1 of 2/);
  assert.is(summary.pullRedirects.westeurope?.outOfRegion, 0, 'an unknown host is never flagged');
  const section = pullRedirectsMarkdown(report.pullRedirects ?? {}, report);
  assert.match(section, /\| japaneast \| japaneast \| eastus \| 1 \| 150ms \|/);
  assert.match(section, /`abcd\.blob\.core\.windows\.net` \| unknown \| 1 \| 500µs \| unknown \|/);
  assert.match(section, /:warning: japaneast: 1 of 2/);
  assert.match(renderMarkdown(report), /## Blob redirects/);
});
fold('a run without redirects shows no section and no summary key', () => {
  const report = foldEvents(runEvents());
  assert.is(report.pullRedirects, undefined);
  assert.not.match(renderMarkdown(report), /## Blob redirects/);
  assert.not.ok('pullRedirects' in buildSummary(report));
});
fold.run();
