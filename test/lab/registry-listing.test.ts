import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pageSize, paginate } from '../../src/lab/registry-listing.ts';
import { bytes, errorCode, pushBlob, pushImage, withRegistry } from './registry-test-server.ts';

const page = suite('paginate');

page('n and last cut a sorted list and name the next page', () => {
  const all = ['a', 'b', 'c', 'd', 'e'];
  assert.equal(paginate(all, undefined, undefined), { items: all, nextLast: undefined });
  assert.equal(paginate(all, 2, undefined), { items: ['a', 'b'], nextLast: 'b' });
  assert.equal(paginate(all, 2, 'b'), { items: ['c', 'd'], nextLast: 'd' });
  assert.equal(paginate(all, 2, 'd'), { items: ['e'], nextLast: undefined });
  assert.equal(paginate(all, 5, undefined), { items: all, nextLast: undefined });
  assert.equal(paginate(all, 0, undefined), { items: [], nextLast: undefined });
  assert.equal(paginate(all, undefined, 'bb'), { items: ['c', 'd', 'e'], nextLast: undefined });
});

page.run();

const size = suite('pageSize');

size('absent, numbers and junk', () => {
  assert.is(pageSize(new URLSearchParams('')), undefined);
  assert.is(pageSize(new URLSearchParams('n=25')), 25);
  assert.throws(() => pageSize(new URLSearchParams('n=-1')), (e: { ociCode?: string }) => e.ociCode === 'PAGINATION_NUMBER_INVALID');
  assert.throws(() => pageSize(new URLSearchParams('n=abc')), (e: { ociCode?: string }) => e.ociCode === 'PAGINATION_NUMBER_INVALID');
});

size.run();

const tags = suite('handleTags');

tags('pages follow the Link header to the end', withRegistry(async ({ url }) => {
  const image = await pushImage(url, 'a/b', 't0');
  for (const tag of ['t1', 't2', 't3', 't4']) {
    await fetch(`${url}/v2/a/b/manifests/${tag}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' },
      body: image.manifest,
    });
  }
  const first = await fetch(`${url}/v2/a/b/tags/list?n=2`);
  assert.equal(await first.json(), { name: 'a/b', tags: ['t0', 't1'] });
  assert.is(first.headers.get('link'), '</v2/a/b/tags/list?n=2&last=t1>; rel="next"');
  const seen: string[] = [];
  let next: string | undefined = '/v2/a/b/tags/list?n=2';
  for (let i = 0; next !== undefined && i < 10; i++) {
    const res = await fetch(url + next);
    seen.push(...((await res.json()) as { tags: string[] }).tags);
    next = /^<([^>]+)>; rel="next"$/.exec(res.headers.get('link') ?? '')?.[1];
  }
  assert.equal(seen, ['t0', 't1', 't2', 't3', 't4']);
  const all = await fetch(`${url}/v2/a/b/tags/list`);
  assert.is(all.headers.get('link'), null);
  assert.equal(((await all.json()) as { tags: string[] }).tags.length, 5);
}));

tags('unknown repositories are 404 NAME_UNKNOWN; known ones without tags list none', withRegistry(async ({ url }) => {
  const unknown = await fetch(`${url}/v2/nobody/tags/list`);
  assert.is(unknown.status, 404);
  assert.is(await errorCode(unknown), 'NAME_UNKNOWN');
  await pushBlob(url, 'blobs/only', bytes('x'));
  assert.equal(await (await fetch(`${url}/v2/blobs/only/tags/list`)).json(), { name: 'blobs/only', tags: [] });
}));

tags.run();

const catalog = suite('handleCatalog');

catalog('lists repositories sorted, with pagination', withRegistry(async ({ url }) => {
  for (const repo of ['zeta', 'alpha/one', 'alpha', 'mid/dle/name']) await pushBlob(url, repo, bytes('x'));
  const all = await fetch(`${url}/v2/_catalog`);
  assert.equal(await all.json(), { repositories: ['alpha', 'alpha/one', 'mid/dle/name', 'zeta'] });
  const first = await fetch(`${url}/v2/_catalog?n=3`);
  assert.equal(await first.json(), { repositories: ['alpha', 'alpha/one', 'mid/dle/name'] });
  assert.is(first.headers.get('link'), `</v2/_catalog?n=3&last=${encodeURIComponent('mid/dle/name')}>; rel="next"`);
  const rest = await fetch(`${url}/v2/_catalog?n=3&last=mid/dle/name`);
  assert.equal(await rest.json(), { repositories: ['zeta'] });
}));

catalog.run();
