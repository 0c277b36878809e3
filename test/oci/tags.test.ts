import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ProtocolError } from '../../src/errors.ts';
import { RegistryError } from '../../src/oci/errors.ts';
import { nextLink } from '../../src/oci/tags.ts';
import { startFakeRegistry } from '../helpers/fake-registry.ts';
import { fakeImage } from '../helpers/fake-image.ts';
import { sendJson, startServer } from '../helpers/fake-server.ts';
import { testClient } from '../helpers/test-client.ts';

const link = suite('nextLink');
link('finds rel="next" among links and params', () => {
  assert.is(nextLink('</v2/a/tags/list?n=2&last=b>; rel="next"'), '/v2/a/tags/list?n=2&last=b');
  assert.is(nextLink('<https://x/prev>; rel="prev", <https://x/next>; title="t"; rel=next'), 'https://x/next');
  assert.is(nextLink('<https://x/a>; rel="last next"'), 'https://x/a');
  assert.is(nextLink('<https://x/a>; rel="prev"'), undefined);
  assert.is(nextLink(undefined), undefined);
  assert.is(nextLink('garbage'), undefined);
});
link.run();

const list = suite('listTags');
list('follows Link pagination with n=2 until done', async () => {
  const reg = await startFakeRegistry();
  const image = fakeImage('tags');
  const { client } = testClient(reg.origin);
  try {
    await client.pushImage('app', 't0', image, { mode: 'monolithic', concurrency: 2 });
    for (const tag of ['t1', 't2', 't3', 't4']) await client.pushManifest('app', tag, image.manifest);
    const r = await client.listTags('app', { pageSize: 2 });
    assert.equal(r, { name: 'app', tags: ['t0', 't1', 't2', 't3', 't4'], pages: 3, truncated: false });
    assert.ok(reg.requests.at(-3)!.url.endsWith('/tags/list?n=2'));
    const all = await client.listTags('app');
    assert.is(all.pages, 1);
    const capped = await client.listTags('app', { pageSize: 1, maxPages: 2 });
    assert.equal([capped.tags, capped.truncated], [['t0', 't1'], true]);
  } finally {
    await client.close();
    await reg.close();
  }
});
list('an unknown repository is a RegistryError; null tags are an empty list; a looping Link is a ProtocolError', async () => {
  const reg = await startFakeRegistry();
  const { client } = testClient(reg.origin);
  const loop = await startServer((req, res) => sendJson(res, 200, { name: 'x', tags: req.url.includes('n=') ? null : ['a'] }, { link: '</v2/x/tags/list>; rel="next"' }));
  const { client: looping } = testClient(loop.origin);
  try {
    try {
      await client.listTags('nothing');
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof RegistryError && e.ociCode === 'NAME_UNKNOWN', String(e));
    }
    try {
      await looping.listTags('x', { pageSize: 5 });
      assert.unreachable();
    } catch (e) {
      assert.ok(e instanceof ProtocolError, String(e));
      assert.is(loop.requests.length, 2);
    }
  } finally {
    await client.close();
    await looping.close();
    await reg.close();
    await loop.close();
  }
});
list.run();
