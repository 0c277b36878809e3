/**
 * A replicator on a fake clock over memory stores, for tests: `push` writes
 * an image into a region's store the way the registry handler does and
 * raises the same WriteEvent.
 */
import { VirtualClock } from '../../src/time/virtual-clock.ts';
import { FaultSet } from '../../src/lab/faults.ts';
import { GroundTruth } from '../../src/lab/ground-truth.ts';
import { parseLabConfig, type LabConfig } from '../../src/lab/lab-config.ts';
import { createMemoryStore } from '../../src/lab/memory-store.ts';
import { seededRandom } from '../../src/random.ts';
import { ReplicationTiming } from '../../src/lab/replication-timing.ts';
import { Replicator, type ReplicationEvent } from '../../src/lab/replicator.ts';
import type { RegionStore } from '../../src/lab/store.ts';
import { Topology } from '../../src/lab/topology.ts';
import { MediaType } from '../../src/oci-spec/media-types.ts';
import { imageOf, sha256 } from './lab-test-helpers.ts';

export interface Rig {
  readonly config: LabConfig;
  readonly clock: VirtualClock;
  readonly stores: Map<string, RegionStore>;
  readonly faults: FaultSet;
  readonly groundTruth: GroundTruth;
  readonly replicator: Replicator;
  readonly events: ReplicationEvent[];
  store(region: string): RegionStore;
  push(region: string, repo: string, opts?: { tag?: string; label?: string; layers?: Uint8Array[] }): Promise<{ digest: string; blobs: string[] }>;
  pushIndex(region: string, repo: string, children: readonly string[], tag?: string): Promise<string>;
  deleteManifest(region: string, repo: string, digest: string): Promise<void>;
  deleteTag(region: string, repo: string, tag: string): Promise<void>;
  /** Advances the fake clock and waits for copies to finish. */
  advance(ms: number): Promise<void>;
  status(region: string, repo: string, digest: string): string | undefined;
}

export function makeRig(input: Record<string, unknown>): Rig {
  const config = parseLabConfig(input);
  const clock = new VirtualClock();
  const stores = new Map<string, RegionStore>(config.regions.map((r) => [r.name, createMemoryStore()]));
  const faults = new FaultSet({ prng: seededRandom(2), now: () => clock.now() });
  const topology = new Topology(config, clock);
  const groundTruth = new GroundTruth();
  const events: ReplicationEvent[] = [];
  const replicator = new Replicator({
    clock,
    stores,
    topology,
    timing: new ReplicationTiming(config.replication, topology, seededRandom(config.seed)),
    faults,
    groundTruth,
    onEvent: (e) => events.push(e),
  });
  faults.subscribe(() => replicator.kick());
  const store = (region: string): RegionStore => stores.get(region)!;
  return {
    config,
    clock,
    stores,
    faults,
    groundTruth,
    replicator,
    events,
    store,
    async push(region, repo, opts = {}) {
      const s = store(region);
      const { manifest, blobs } = imageOf(opts.layers ?? [new TextEncoder().encode(`layer ${opts.label ?? 'x'}`)], opts.label);
      for (const b of blobs) {
        await s.blobPut(sha256(b), b);
        await s.repoLinkBlob(repo, sha256(b));
      }
      const digest = sha256(manifest);
      await s.manifestPut(repo, digest, MediaType.ociManifest, manifest);
      if (opts.tag !== undefined) await s.tagSet(repo, opts.tag, digest);
      replicator.onWrite(region, {
        kind: 'manifest',
        repo,
        digest,
        mediaType: MediaType.ociManifest,
        sizeBytes: manifest.byteLength,
        ...(opts.tag !== undefined ? { tag: opts.tag } : {}),
      });
      await replicator.idle();
      return { digest, blobs: blobs.map(sha256) };
    },
    async pushIndex(region, repo, children, tag) {
      const s = store(region);
      const manifests = [];
      for (const d of children) {
        const m = await s.manifestGet(repo, d);
        manifests.push({ mediaType: m!.mediaType, digest: d, size: m!.bytes.byteLength });
      }
      const bytes = new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests }));
      const digest = sha256(bytes);
      await s.manifestPut(repo, digest, MediaType.ociIndex, bytes);
      if (tag !== undefined) await s.tagSet(repo, tag, digest);
      replicator.onWrite(region, { kind: 'manifest', repo, digest, mediaType: MediaType.ociIndex, sizeBytes: bytes.byteLength, ...(tag ? { tag } : {}) });
      await replicator.idle();
      return digest;
    },
    async deleteManifest(region, repo, digest) {
      await store(region).manifestDelete(repo, digest);
      replicator.onWrite(region, { kind: 'delete-manifest', repo, digest });
      await replicator.idle();
    },
    async deleteTag(region, repo, tag) {
      await store(region).tagDelete(repo, tag);
      replicator.onWrite(region, { kind: 'delete-tag', repo, tag });
      await replicator.idle();
    },
    async advance(ms) {
      await clock.advance(ms);
      await replicator.idle();
    },
    status(region, repo, digest) {
      const e = groundTruth.get(repo, digest, region);
      if (e === undefined) return undefined;
      return e.state.status === 'pullable' ? `pullable@${e.state.atMs}` : `${e.state.status}:${e.state.reason}`;
    },
  };
}

/** Whether the region can serve the manifest and every blob (what "pullable" means). */
export async function pullable(store: RegionStore, repo: string, digest: string, blobs: readonly string[]): Promise<boolean> {
  if ((await store.manifestGet(repo, digest)) === undefined) return false;
  for (const b of blobs) if (!(await store.repoHasBlob(repo, b))) return false;
  return true;
}
