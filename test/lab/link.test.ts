import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LinkTable } from '../../src/lab/link.ts';

const table = suite('LinkTable');

const config = {
  localRttMs: 1,
  defaultRttMs: 50,
  links: [
    { from: 'a', to: 'b', rttMs: 80, bandwidthBytesPerSec: 1000 },
    { from: 'a', to: 'c', rttMs: 150 },
    { from: 'c', to: 'a', rttMs: 170 },
  ],
};

table('links are symmetric unless both directions are given', () => {
  const t = new LinkTable(config);
  assert.equal(t.get('a', 'b'), { rttMs: 80, bandwidthBytesPerSec: 1000 });
  assert.equal(t.get('b', 'a'), { rttMs: 80, bandwidthBytesPerSec: 1000 });
  assert.equal(t.get('a', 'c'), { rttMs: 150 });
  assert.equal(t.get('c', 'a'), { rttMs: 170 });
});

table('same region uses the local RTT, unlisted pairs the default RTT', () => {
  const t = new LinkTable(config);
  assert.equal(t.get('b', 'b'), { rttMs: 1 });
  assert.equal(t.get('b', 'c'), { rttMs: 50 });
});

table('extra RTT (slow-link fault) is added by get() but not base()', () => {
  const t = new LinkTable(config, (server, client) => (server === 'b' && client === 'a' ? 100 : 0));
  assert.is(t.get('a', 'b').rttMs, 180);
  assert.is(t.get('a', 'b').bandwidthBytesPerSec, 1000);
  assert.is(t.base('a', 'b').rttMs, 80);
  assert.is(t.get('b', 'a').rttMs, 80);
});

table.run();
