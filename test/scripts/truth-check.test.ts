import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ReplEvent } from '../../src/events/index.ts';
import { truthIntervals, type CopyRecord, type ReplicaEventRecord } from '../../scripts/real-replication/skopeo-replicator.ts';
import { checkAgainstTruth } from '../../scripts/real-replication/truth-check.ts';

const EPOCH = 1_800_000_000_000;
const start: ReplEvent = {
  type: 'run-start', t: 0, logVersion: 1, runId: 'r', scenario: 's', origin: 'a', regions: ['a', 'b'], startedAt: '2027-01-15T08:00:00.000Z', epochMs: EPOCH,
  environment: { replbenchVersion: '0', node: 'v20', platform: 'linux', cpus: 2 },
};
const rep = (digest: string, commitUs: number, valueUs: number, uncertaintyUs: number): ReplEvent => ({
  type: 'replication', t: commitUs + valueUs, labels: { region: 'b', image: digest, digest }, outcome: 'replicated', valueUs, uncertaintyUs, probes: 9, commitUs,
});
const copy = (digest: string, endEpochMs: number, ok = true): CopyRecord => ({ region: 'b', repository: 'app', digest, tag: 'v1', notifiedEpochMs: 0, startEpochMs: 0, endEpochMs, ok });
const event = (digest: string, eventEpochMs: number): ReplicaEventRecord => ({ region: 'b', repository: 'app', digest, tag: 'v1', eventEpochMs, receivedEpochMs: eventEpochMs + 1 });

const truth = suite('truthIntervals');
truth('[first replica event, end of the copy]; a failed copy or a missing event gives none', () => {
  const t = truthIntervals([copy('d1', EPOCH + 520), copy('d2', EPOCH + 600, false), copy('d3', EPOCH + 700)], [event('d1', EPOCH + 510), event('d1', EPOCH + 505), event('d2', EPOCH + 590)]);
  assert.equal(t, [{ region: 'b', repository: 'app', digest: 'd1', fromEpochMs: EPOCH + 505, toEpochMs: EPOCH + 520 }]);
});
truth.run();

const check = suite('checkAgainstTruth');
check('lags aligned through epochMs + commitUs: inside the interval is error 0; a bracket that misses it is counted', () => {
  const intervals = [
    { region: 'b', repository: 'app', digest: 'in', fromEpochMs: EPOCH + 1500, toEpochMs: EPOCH + 1504 },
    { region: 'b', repository: 'app', digest: 'near', fromEpochMs: EPOCH + 2500, toEpochMs: EPOCH + 2504 },
    { region: 'b', repository: 'app', digest: 'miss', fromEpochMs: EPOCH + 3500, toEpochMs: EPOCH + 3504 },
  ];
  const c = checkAgainstTruth([start, rep('in', 1_000_000, 502_000, 10_000), rep('near', 2_000_000, 490_000, 20_000), rep('miss', 3_000_000, 450_000, 20_000), rep('none', 4_000_000, 1, 1)], intervals);
  assert.equal(c.samples.map((s) => [s.image, s.errorMs, s.overlaps]), [['in', 0, true], ['near', 10, true], ['miss', 50, false]]);
  assert.is(c.misses, 1);
  assert.is(c.regions[0]?.unmatched, 1);
  assert.is(c.regions[0]?.withinGoal, 2);
  assert.throws(() => checkAgainstTruth([], intervals), /no run-start epochMs/);
});
check.run();
