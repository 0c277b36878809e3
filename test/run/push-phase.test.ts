import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthError } from '../../src/errors.ts';
import type { ImageToPush, PushImageOptions, PushImageResult } from '../../src/oci/push-image.ts';
import { runPushPhase, type Pusher } from '../../src/run/push-phase.ts';
import { imageCatalog } from '../../src/workload/image-catalog.ts';
import { resolveSizeDistribution } from '../../src/workload/index.ts';

const phase = suite('runPushPhase');

async function plans(n: number) {
  return imageCatalog({ seed: 'push-phase', count: n, layerCount: 1, sizes: resolveSizeDistribution('1KiB', 'size'), repository: 'p/app-{i}', tag: 'v1' });
}

/** Answers each push after `ms`, committing at the clock's time. */
function fakePusher(now: () => number, ms: number, fail?: (repo: string) => Error | undefined): Pusher & { calls: { repo: string; atMs: number }[]; maxInFlight: number } {
  let inFlight = 0;
  const p = {
    calls: [] as { repo: string; atMs: number }[],
    maxInFlight: 0,
    async pushImage(repo: string, tag: string, image: ImageToPush, opts: PushImageOptions): Promise<PushImageResult> {
      p.calls.push({ repo, atMs: now() });
      inFlight++;
      p.maxInFlight = Math.max(p.maxInFlight, inFlight);
      try {
        await new Promise((r) => setTimeout(r, ms));
        const err = fail?.(repo);
        if (err) throw err;
        assert.is(opts.mode, 'monolithic');
        const committedAtMs = now();
        return {
          repo,
          tag,
          blobs: [{ digest: image.config.digest, sizeBytes: image.config.sizeBytes, outcome: 'uploaded' } as never],
          manifest: { digest: image.manifest.digest, status: 201, committedAtMs, sentAtMs: committedAtMs - 1, durationMs: 1, requests: 1 },
          durationMs: ms,
        };
      } finally {
        inFlight--;
      }
    },
  };
  return p;
}

phase('open-loop: image i starts at i / rate; commit points and labels come from the push', async () => {
  // Virtual time: sleeping moves the clock, so arrival times are exact.
  let t = 0;
  const now = (): number => t;
  const sleep = async (ms: number): Promise<void> => {
    t += Math.max(0, ms);
  };
  const pusher = fakePusher(now, 1);
  const seen: string[] = [];
  const r = await runPushPhase({ plans: await plans(3), pusher, concurrency: 3, ratePerSec: 50, mode: 'monolithic', chunkSizeBytes: 1, now, sleep, onPushed: (p) => seen.push(p.image) });
  assert.ok(r.complete);
  assert.is(r.pushed.length, 3);
  assert.equal(seen.sort(), ['p/app-0:v1', 'p/app-1:v1', 'p/app-2:v1']);
  assert.equal(pusher.calls.map((c) => c.atMs), [0, 20, 40]);
  const p1 = r.pushed.find((p) => p.index === 1);
  assert.ok(p1 !== undefined && p1.commitSentAtMs === p1.commitAtMs - 1 && p1.durationMs === p1.commitAtMs - 20);
  assert.ok(p1.blobs.length === 2 && p1.bytes > 0);
});

phase('without a rate the pool alone bounds pushes in flight', async () => {
  const now = (): number => performance.now();
  const pusher = fakePusher(now, 10);
  const r = await runPushPhase({ plans: await plans(5), pusher, concurrency: 2, ratePerSec: null, mode: 'monolithic', chunkSizeBytes: 1, now });
  assert.is(r.pushed.length, 5);
  assert.is(pusher.maxInFlight, 2);
});

phase('failures are reported and counted; the other images still go', async () => {
  const now = (): number => performance.now();
  const pusher = fakePusher(now, 1, (repo) => (repo === 'p/app-1' ? new AuthError('denied') : undefined));
  const failed: string[] = [];
  const r = await runPushPhase({ plans: await plans(3), pusher, concurrency: 1, ratePerSec: null, mode: 'monolithic', chunkSizeBytes: 1, now, onFailed: (plan) => failed.push(plan.repository) });
  assert.equal(failed, ['p/app-1']);
  assert.is(r.failed, 1);
  assert.is(r.pushed.length, 2);
  assert.ok(r.complete);
});

phase('a stop starts no further image; pushes in flight finish', async () => {
  const now = (): number => performance.now();
  const stop = new AbortController();
  const pusher = fakePusher(now, 5);
  const r = await runPushPhase({
    plans: await plans(10),
    pusher,
    concurrency: 1,
    ratePerSec: 100,
    mode: 'monolithic',
    chunkSizeBytes: 1,
    now,
    stop: stop.signal,
    onPushed: () => stop.abort(),
  });
  assert.not.ok(r.complete);
  assert.ok(r.pushed.length >= 1 && r.pushed.length < 10);
  assert.is(pusher.calls.length, r.pushed.length);
});

phase('a callback that throws fails the phase once every push is over', async () => {
  const now = (): number => performance.now();
  const pusher = fakePusher(now, 1);
  try {
    await runPushPhase({ plans: await plans(3), pusher, concurrency: 1, ratePerSec: 200, mode: 'monolithic', chunkSizeBytes: 1, now, onPushed: () => { throw new Error('ENOSPC'); } });
    assert.unreachable('expected a rejection');
  } catch (err) {
    assert.match((err as Error).message, /ENOSPC/);
  }
  assert.is(pusher.calls.length, 3);
});

phase.run();
