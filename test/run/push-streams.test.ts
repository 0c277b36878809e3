import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { PushImageResult } from '../../src/oci/push-image.ts';
import type { Pusher } from '../../src/run/push-phase.ts';
import { planRun } from '../../src/run/plan.ts';
import { runPushStreams } from '../../src/run/push-streams.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';
import { FakeWorker } from './fake-worker.ts';
import { tinyScenarioDoc } from './tiny-scenario.ts';

/** Three regions a, b, c; streams: a (tiny/app-{i}), b (edge/app-{i}), a again (more/app-{i}). */
const scenario = () => resolveScenario(tinyScenarioDoc({
  target: { kind: 'lab', regions: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
  workload: {
    images: 6, repository: 'tiny/app-{i}', tag: 'v1', layers: 1, layerSize: '4KiB', pushConcurrency: 2, seed: 1,
    alsoPush: [{ origin: 'b', repository: 'edge/app-{i}' }, { origin: 'a', repository: 'more/app-{i}', tag: 'x{i}' }],
  },
}));

function fakePusher(log: string[]): Pusher {
  let t = 100;
  return {
    async pushImage(repo, tag, image) {
      log.push(`${repo}:${tag}`);
      t += 10;
      return { repo, tag, blobs: [], durationMs: 5, manifest: { digest: image.manifest.digest, status: 201, committedAtMs: t, sentAtMs: t - 1, durationMs: 1, requests: 1 } } satisfies PushImageResult;
    },
  };
}

const run = suite('runPushStreams');
run('each stream pushes through its origin and is watched everywhere else', async () => {
  const s = scenario();
  const streams = planRun(s, () => performance.now()).others;
  const pushed: Record<string, string[]> = { a: [], b: [] };
  const workers = new Map(s.regions.map((r) => [r, new FakeWorker(r)]));
  const results: string[] = [];
  const origins: string[] = [];
  await runPushStreams({
    scenario: s,
    streams,
    pusherFor: (origin) => ({ pusher: fakePusher(pushed[origin] as string[]), rtt: { minMs: 4, medianMs: 4, samplesMs: [4] } }),
    workerFor: (r) => workers.get(r) as FakeWorker,
    oneWayDelayMs: () => 1,
    now: () => performance.now(),
    onPushed: (p, origin) => origins.push(`${origin} ${p.image}`),
    onResult: (origin, region, image, result) => results.push(`${origin}->${region} ${image.image} ${result.outcome}`),
    onFailed: (phase, err) => assert.unreachable(`${phase}: ${String(err)}`),
  });
  assert.equal(pushed, { a: ['more/app-2:x2', 'more/app-5:x5'], b: ['edge/app-1:v1', 'edge/app-4:v1'] });
  assert.equal(origins.sort(), ['a more/app-2:x2', 'a more/app-5:x5', 'b edge/app-1:v1', 'b edge/app-4:v1']);
  assert.equal(results.sort(), [
    'a->b more/app-2:x2 replicated', 'a->b more/app-5:x5 replicated', 'a->c more/app-2:x2 replicated', 'a->c more/app-5:x5 replicated',
    'b->a edge/app-1:v1 replicated', 'b->a edge/app-4:v1 replicated', 'b->c edge/app-1:v1 replicated', 'b->c edge/app-4:v1 replicated',
  ]);
  // The commit point is corrected by half the origin's RTT.
  assert.ok((workers.get('a') as FakeWorker).watches.every((w) => w.commitOneWayDelayMs === 2));
});
run.run();
