import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { demoteCorruptReplications } from '../../src/report/corrupt-content.ts';
import { foldEvents } from '../../src/report/fold.ts';
import type { ReplEvent } from '../../src/events/index.ts';

const rep = (region: string, image: string): ReplEvent => ({
  type: 'replication', t: 10, labels: { region, image, digest: `sha256:${image}` }, outcome: 'replicated', valueUs: 5000, uncertaintyUs: 100, probes: 4, commitUs: 1, confirm: { requests: 3, us: 900 },
});
const mismatch = (worker: string, endpoint: string, image: string): ReplEvent => ({
  type: 'error', t: 20, code: 'E_DIGEST_MISMATCH', message: 'blob …: expected …', phase: 'pull', labels: { worker, endpoint, image, phase: 'cold' },
});

const demote = suite('demoteCorruptReplications');
demote('a replicated record whose image failed its digest when pulled from that region becomes inconsistent (blob-unreadable); others stay', () => {
  const events = [rep('b', 'img0'), rep('b', 'img1'), rep('c', 'img0'), mismatch('z', 'b', 'img0'), mismatch('a', 'b', 'img0'), mismatch('a', 'a', 'img1')];
  const out = demoteCorruptReplications(events);
  assert.equal(out[0], {
    type: 'replication', t: 10, labels: { region: 'b', image: 'img0', digest: 'sha256:img0' }, outcome: 'inconsistent',
    reason: 'blob-unreadable: the probes and the confirm said present, but a pull by a from b failed its digest check (E_DIGEST_MISMATCH)',
    probes: 4, commitUs: 1, confirm: { requests: 3, us: 900 },
  });
  assert.is(out[1], events[1]);
  assert.is(out[2], events[2]);
  assert.is(demoteCorruptReplications([rep('b', 'x')])[0]?.type, 'replication');
});
demote('the fold counts it inconsistent and records no lag for it', () => {
  const r = foldEvents([rep('b', 'img0'), rep('b', 'img1'), mismatch('a', 'b', 'img0')]);
  assert.is(r.outcomes.b?.replicated, 1);
  assert.is(r.outcomes.b?.inconsistent, 1);
  assert.equal(r.outcomes.b?.inconsistentBy, { 'blob-unreadable': 1 });
  assert.is(r.series.find((s) => s.metric === 'replication_lag')?.histogram.totalCount, 1);
});
demote.run();
