import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isNewer, TagClock } from '../../src/lab/tag-clock.ts';

const tags = suite('TagClock');

tags('the later commit wins; an older write is refused', () => {
  const t = new TagClock();
  assert.ok(t.offer('b', 'app', 'v1', { committedAtMs: 10, origin: 'a', digest: 'd1' }));
  assert.ok(t.offer('b', 'app', 'v1', { committedAtMs: 12, origin: 'b', digest: 'd2' }));
  assert.not.ok(t.offer('b', 'app', 'v1', { committedAtMs: 11, origin: 'c', digest: 'd3' }));
  assert.is(t.current('b', 'app', 'v1')?.digest, 'd2');
  assert.is(t.current('a', 'app', 'v1'), undefined);
});

tags('deletes are writes too; offering the same write again is accepted', () => {
  const t = new TagClock();
  const w = { committedAtMs: 5, origin: 'a', digest: 'd1' };
  assert.ok(t.offer('x', 'r', 't', w));
  assert.ok(t.offer('x', 'r', 't', { ...w }));
  assert.ok(t.offer('x', 'r', 't', { committedAtMs: 6, origin: 'a', digest: null }));
  assert.not.ok(t.offer('x', 'r', 't', w));
});

const newer = suite('isNewer');

newer('ties break on the origin name so every region picks the same winner', () => {
  assert.ok(isNewer({ committedAtMs: 1, origin: 'b', digest: 'x' }, { committedAtMs: 1, origin: 'a', digest: 'y' }));
  assert.not.ok(isNewer({ committedAtMs: 1, origin: 'a', digest: 'x' }, { committedAtMs: 1, origin: 'b', digest: 'y' }));
});

tags.run();
newer.run();
