import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CANARY_TIMEOUT_MS, canaryDigest, runHeadCanaries } from '../../src/run/head-canary.ts';
import type { WatchResult } from '../../src/measure/watch-types.ts';

const canary = suite('runHeadCanaries');
const base = { probes: 1, throttled: 0, failed: 0 };

canary('a digest never pushed; 404 (timed-out) is honest, present or a confirm that finds nothing is not, no answer says nothing', async () => {
  const answers: Record<string, WatchResult | Error> = {
    honest: { outcome: 'timed-out', waitedMs: 1, ...base },
    liar: { outcome: 'inconsistent', reason: 'head-lies', detail: 'GET 404', waitedMs: 1, ...base },
    simulated: { outcome: 'replicated', lagMs: 0, uncertaintyMs: 0, lastMissAtMs: 0, firstHitAtMs: 0, ...base },
    down: { outcome: 'errored', reason: 'no answer', lastStatus: 0, ...base },
    broken: new Error('worker lost'),
  };
  const tasks: { region: string; timeoutMs: number; digest: string; probe?: string; blobs?: readonly string[] }[] = [];
  const digest = canaryDigest('run 1');
  const untrusted = await runHeadCanaries({
    regions: Object.keys(answers),
    watcherFor: (region) => ({
      region,
      measureRtt: async () => ({ minMs: 1, medianMs: 1, samplesMs: [1] }),
      pull: async () => [],
      close: async () => undefined,
      watch: async (task) => {
        tasks.push({ region, timeoutMs: task.timeoutMs, digest: task.digest, ...(task.probe ? { probe: task.probe } : {}), ...(task.blobs ? { blobs: task.blobs } : {}) });
        const a = answers[region] as WatchResult | Error;
        if (a instanceof Error) throw a;
        return a;
      },
    }),
    repo: 'tiny/app-0',
    digest,
    oneWayDelayMs: () => 0.5,
    now: () => 0,
  });
  assert.equal([...untrusted.keys()].sort(), ['liar', 'simulated']);
  assert.match(untrusted.get('liar') ?? '', /^the replica liar answered present to a HEAD of tiny\/app-0@sha256:[0-9a-f]{64}, a manifest never pushed \(preflight canary\)/);
  assert.ok(tasks.every((t) => t.timeoutMs === CANARY_TIMEOUT_MS && t.digest === digest && t.probe === 'manifest' && t.blobs?.length === 0));
  assert.is.not(canaryDigest('run 1'), canaryDigest('run 2'));
});
canary.run();
