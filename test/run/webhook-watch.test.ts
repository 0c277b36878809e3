import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { WebhookEvent } from '../../src/measure/webhook-receiver.ts';
import type { PushedImage } from '../../src/run/push-phase.ts';
import { WebhookWatch, type WebhookOutcome } from '../../src/run/webhook-watch.ts';

const image = (i: number, commitAtMs = 1000): PushedImage => ({
  index: i, image: `app-${i}:v1`, repo: `app-${i}`, tag: 'v1', digest: `sha256:${String(i).padStart(64, '0')}`,
  blobs: [], commitAtMs, commitSentAtMs: commitAtMs - 10, durationMs: 10, bytes: 1,
});
const event = (img: PushedImage, region: string | undefined, atMs: number, extra: Partial<WebhookEvent> = {}): WebhookEvent => ({
  id: `${img.repo}-${region}-${atMs}`, format: 'acr', action: 'push', region, host: undefined, repository: img.repo, tag: img.tag,
  digest: img.digest, mediaType: undefined, atMs, eventTimestamp: undefined, eventEpochMs: undefined, ...extra,
});

function rig(timeoutMs = 60_000) {
  let nowMs = 1000;
  const results: { region: string; image: string; outcome: WebhookOutcome }[] = [];
  const watch = new WebhookWatch({ now: () => nowMs, timeoutMs, onResult: (region, img, outcome) => results.push({ region, image: img.image, outcome }) });
  return { watch, results, setNow: (ms: number) => (nowMs = ms) };
}

const offer = suite('WebhookWatch.offer/start');
offer('lag = arrival − commit point (the 201 less the one-way delay); the first event per region counts', async () => {
  const { watch, results } = rig();
  const img = image(1);
  watch.start(img, ['b', 'c'], 5);
  watch.offer(event(img, 'b', 1400));
  watch.offer(event(img, 'b', 1500));
  watch.offer(event(img, 'a', 1450)); // not expected (the origin): ignored
  watch.offer(event(img, 'c', 1700, { digest: undefined })); // matched by tag
  await watch.settled();
  assert.equal(results, [
    { region: 'b', image: 'app-1:v1', outcome: { outcome: 'received', lagMs: 405, eventId: 'app-1-b-1400' } },
    { region: 'c', image: 'app-1:v1', outcome: { outcome: 'received', lagMs: 705, eventId: 'app-1-c-1700' } },
  ]);
});
offer('events that beat their image wait for it; non-push and region-less events are ignored', async () => {
  const { watch, results } = rig();
  const img = image(2);
  watch.offer(event(img, 'b', 1300));
  watch.offer(event(img, 'c', 1310, { action: 'delete' }));
  watch.offer(event(img, undefined, 1320));
  watch.start(img, ['b'], 0);
  await watch.settled();
  assert.equal(results.map((r) => [r.region, r.outcome.outcome]), [['b', 'received']]);
});
offer('a region without an event by commit point + timeout is missing', async () => {
  const { watch, results } = rig(30);
  watch.start(image(3), ['b', 'c'], 0);
  watch.offer(event(image(3), 'c', 1010));
  await watch.settled();
  assert.equal(results.map((r) => [r.region, r.outcome.outcome]), [['c', 'received'], ['b', 'missing']]);
  assert.match(results[1]?.outcome.outcome === 'missing' ? results[1].outcome.reason : '', /no webhook event within 30 ms/);
});
offer('a blob push event (distribution notifies those) is ignored; the manifest event counts', async () => {
  const { watch, results } = rig();
  const img = image(5);
  watch.start(img, ['b'], 0);
  watch.offer(event(img, 'b', 1050, { id: 'blob', tag: undefined, mediaType: 'application/octet-stream' }));
  watch.offer(event(img, 'b', 1080, { id: 'manifest', mediaType: 'application/vnd.oci.image.manifest.v1+json' }));
  await watch.settled();
  assert.equal(results.map((r) => [r.region, r.outcome.outcome === 'received' ? r.outcome.eventId : 'missing']), [['b', 'manifest']]);
});
offer.run();

const close = suite('WebhookWatch.close');
close('stops waiting: pending regions are dropped, settled() resolves', async () => {
  const { watch, results } = rig();
  watch.start(image(4), ['b'], 0);
  watch.close();
  await watch.settled();
  watch.offer(event(image(4), 'b', 1100));
  assert.equal(results, []);
});
close.run();
