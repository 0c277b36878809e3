/**
 * Webhook lag: matches the receiver's events to pushed images and gives, per
 * image and replica region, the event's arrival at the receiver − the commit
 * point, both on the runner's clock. An event is matched by repository and
 * digest (else by repository and tag), its region told by the receiver
 * (request.host, or the /path/<region> it was posted to). The first event per
 * (image, region) counts; later ones, events for the origin itself and events
 * for images this run did not push are ignored.
 *
 * Events may beat the push's own bookkeeping (a 201 still on its way back):
 * they wait, bounded, until the image is started. An image's regions without
 * an event by commit point + timeout are reported missing. Push events of
 * blobs (a distribution registry notifies those too) are ignored.
 */
import { isManifestMediaType } from '../oci-spec/media-types.ts';
import type { WebhookEvent } from '../measure/webhook-receiver.ts';
import type { PushedImage } from './push-phase.ts';

export type WebhookOutcome =
  | { readonly outcome: 'received'; readonly lagMs: number; readonly eventId: string }
  | { readonly outcome: 'missing'; readonly reason: string };

export interface WebhookWatchOptions {
  /** The receiver's (and the run's) clock, ms. */
  readonly now: () => number;
  /** No event this long after the commit point = missing. */
  readonly timeoutMs: number;
  /** Events waiting for their image (default 10,000; the oldest is dropped beyond). */
  readonly maxEarlyEvents?: number;
  readonly onResult: (region: string, image: PushedImage, outcome: WebhookOutcome) => void;
}

interface Expectation {
  readonly image: PushedImage;
  /** The commit point: the 201's arrival less the one-way delay to the origin. */
  readonly commitPointMs: number;
  readonly pending: Set<string>;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly done: () => void;
}

export class WebhookWatch {
  readonly #o: WebhookWatchOptions;
  readonly #byDigest = new Map<string, Expectation>();
  readonly #byTag = new Map<string, Expectation>();
  readonly #early: WebhookEvent[] = [];
  readonly #settling = new Set<Promise<void>>();
  #closed = false;

  constructor(opts: WebhookWatchOptions) {
    this.#o = opts;
  }

  /** The receiver's onEvent. */
  offer(event: WebhookEvent): void {
    if (this.#closed || event.action !== 'push' || event.region === undefined) return;
    // A registry that notifies blob pushes too (CNCF distribution): only the manifest's event means the image landed.
    if (event.mediaType !== undefined && !isManifestMediaType(event.mediaType)) return;
    const e = this.#find(event);
    if (e === undefined) {
      this.#early.push(event);
      if (this.#early.length > (this.#o.maxEarlyEvents ?? 10_000)) this.#early.shift();
      return;
    }
    this.#deliver(e, event);
  }

  /** Expects one event per region in `regions` for `image`, from its commit point on. */
  start(image: PushedImage, regions: readonly string[], commitOneWayDelayMs: number): void {
    if (this.#closed || regions.length === 0) return;
    const commitPointMs = image.commitAtMs - Math.max(0, commitOneWayDelayMs);
    let resolve!: () => void;
    const settled = new Promise<void>((r) => (resolve = r));
    this.#settling.add(settled);
    void settled.then(() => this.#settling.delete(settled));
    const waitMs = Math.max(0, commitPointMs + this.#o.timeoutMs - this.#o.now());
    const e: Expectation = {
      image,
      commitPointMs,
      pending: new Set(regions),
      timer: setTimeout(() => this.#expire(e), waitMs),
      done: resolve,
    };
    this.#byDigest.set(digestKey(image.repo, image.digest), e);
    this.#byTag.set(tagKey(image.repo, image.tag), e);
    for (let i = 0; i < this.#early.length; ) {
      const ev = this.#early[i] as WebhookEvent;
      if (this.#find(ev) === e) {
        this.#early.splice(i, 1);
        this.#deliver(e, ev);
      } else i++;
    }
  }

  /** Resolves when every started image has its events or has timed out. */
  async settled(): Promise<void> {
    while (this.#settling.size > 0) await Promise.all([...this.#settling]);
  }

  /** Stops waiting: pending regions are dropped (not reported), timers cleared. */
  close(): void {
    this.#closed = true;
    for (const e of new Set([...this.#byDigest.values(), ...this.#byTag.values()])) this.#finish(e);
    this.#early.length = 0;
  }

  #find(event: WebhookEvent): Expectation | undefined {
    if (event.digest !== undefined) {
      const e = this.#byDigest.get(digestKey(event.repository, event.digest));
      if (e !== undefined) return e;
    }
    return event.tag !== undefined ? this.#byTag.get(tagKey(event.repository, event.tag)) : undefined;
  }

  #deliver(e: Expectation, event: WebhookEvent): void {
    const region = event.region as string;
    if (!e.pending.delete(region)) return;
    this.#o.onResult(region, e.image, { outcome: 'received', lagMs: event.atMs - e.commitPointMs, eventId: event.id });
    if (e.pending.size === 0) this.#finish(e);
  }

  #expire(e: Expectation): void {
    for (const region of e.pending) {
      this.#o.onResult(region, e.image, { outcome: 'missing', reason: `no webhook event within ${Math.round(this.#o.timeoutMs)} ms of the commit point` });
    }
    e.pending.clear();
    this.#finish(e);
  }

  #finish(e: Expectation): void {
    clearTimeout(e.timer);
    e.pending.clear();
    if (this.#byDigest.get(digestKey(e.image.repo, e.image.digest)) === e) this.#byDigest.delete(digestKey(e.image.repo, e.image.digest));
    if (this.#byTag.get(tagKey(e.image.repo, e.image.tag)) === e) this.#byTag.delete(tagKey(e.image.repo, e.image.tag));
    e.done();
  }
}

const digestKey = (repo: string, digest: string): string => `${repo}@${digest}`;
const tagKey = (repo: string, tag: string): string => `${repo}:${tag}`;
