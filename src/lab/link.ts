/**
 * The client links of the lab: for each (client region → server region) pair,
 * the round-trip time and optional bandwidth cap applied to connections on
 * that pair's port. A link given once applies in both directions unless the
 * reverse is given too; same-region links default to the local RTT and
 * unlisted cross-region links to the default RTT. Faults (slow link) add
 * extra RTT at run time through `extraRttMs`.
 */
import type { LabConfig } from './lab-config.ts';

export interface LinkParams {
  readonly rttMs: number;
  /** Undefined = no cap. */
  readonly bandwidthBytesPerSec?: number;
}

export type ExtraRtt = (serverRegion: string, clientRegion: string) => number;

export class LinkTable {
  private readonly links = new Map<string, LinkParams>();
  private readonly localRttMs: number;
  private readonly defaultRttMs: number;
  private readonly extraRttMs: ExtraRtt;

  constructor(config: Pick<LabConfig, 'links' | 'localRttMs' | 'defaultRttMs'>, extraRttMs: ExtraRtt = () => 0) {
    this.localRttMs = config.localRttMs;
    this.defaultRttMs = config.defaultRttMs;
    this.extraRttMs = extraRttMs;
    const explicit = new Set(config.links.map((l) => key(l.from, l.to)));
    for (const l of config.links) {
      const params: LinkParams = { rttMs: l.rttMs, ...(l.bandwidthBytesPerSec !== undefined ? { bandwidthBytesPerSec: l.bandwidthBytesPerSec } : {}) };
      this.links.set(key(l.from, l.to), params);
      if (!explicit.has(key(l.to, l.from))) this.links.set(key(l.to, l.from), params);
    }
  }

  /** The link as configured (no faults). */
  base(clientRegion: string, serverRegion: string): LinkParams {
    return (
      this.links.get(key(clientRegion, serverRegion)) ?? {
        rttMs: clientRegion === serverRegion ? this.localRttMs : this.defaultRttMs,
      }
    );
  }

  /** The link now, with any slow-link fault's extra RTT. */
  get(clientRegion: string, serverRegion: string): LinkParams {
    const base = this.base(clientRegion, serverRegion);
    const extra = this.extraRttMs(serverRegion, clientRegion);
    return extra > 0 ? { ...base, rttMs: base.rttMs + extra } : base;
  }
}

function key(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
