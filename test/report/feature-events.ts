/** Event logs for the optional features' report sections (not a test file itself): signals, egress, connected registries. */
import type { ReplEvent } from '../../src/events/index.ts';
import { START } from './fixtures.ts';

const labels = (region: string, i: number) => ({ region, image: `img-${i}:v1`, digest: `sha256:${i}` });

/** westeurope: probes 100·i ms, webhooks 100·i + 20 ms (i = 1..5), one webhook missing; japaneast: one failed or-status. */
export function signalEvents(): ReplEvent[] {
  const out: ReplEvent[] = [START];
  for (let i = 1; i <= 5; i++) {
    out.push({ type: 'replication', t: i * 1000, labels: labels('westeurope', i), outcome: 'replicated', valueUs: i * 100_000, uncertaintyUs: 1000, probes: 4 });
    out.push({ type: 'replication-signal', t: i * 1000 + 1, source: 'webhook', labels: labels('westeurope', i), outcome: 'received', valueUs: i * 100_000 + 20_000 });
  }
  out.push({ type: 'replication-signal', t: 9000, source: 'webhook', labels: labels('westeurope', 6), outcome: 'missing', reason: 'no webhook event within 5000 ms of the commit point' });
  out.push({ type: 'replication-signal', t: 9001, source: 'or-status', labels: labels('japaneast', 1), outcome: 'failed', reason: 'policy p reports failed' });
  out.push({ type: 'signal-stats', t: 9500, source: 'webhook', stats: { requests: 7, duplicates: 1, accepted: 6 } });
  return out;
}

/** eastus pulls 2 GB locally and 1 GB from westeurope; westeurope 0.5 GB from eastus. */
export function egressEvents(withPrices = true): ReplEvent[] {
  const pull = (worker: string, endpoint: string, bytes: number, t: number): ReplEvent => ({
    type: 'pull', t, labels: { worker, endpoint, image: 'img-1:v1', phase: 'cold' }, durationUs: 1000, ttfbUs: 100, bytes,
  });
  return [
    START,
    ...(withPrices ? [{ type: 'egress-prices', t: 1, currency: 'USD', pricePerGB: { 'westeurope->eastus': 0.02, default: 0.05 } } as const] : []),
    pull('eastus', 'eastus', 2e9, 10),
    pull('eastus', 'westeurope', 1e9, 20),
    pull('westeurope', 'eastus', 5e8, 30),
  ];
}

/** cloud → edge → line1; pushes at cloud (img 1, 3) and edge (img 2); a write check; sync timings; a not-synced timeout. */
export function connectedEvents(): ReplEvent[] {
  const start = { ...START, origin: 'cloud', regions: ['cloud', 'edge', 'line1'] };
  const push = (i: number, region: string): ReplEvent => ({ type: 'push', t: i, labels: { image: `img-${i}:v1`, repo: `img-${i}`, region }, valueUs: 100 });
  return [
    start,
    push(1, 'cloud'),
    push(2, 'edge'),
    push(3, 'cloud'),
    { type: 'write-check', t: 5, labels: { region: 'line1', image: 'replbench/write-check:line1' }, outcome: 'denied', status: 403, message: 'DENIED' },
    { type: 'replication', t: 10, labels: labels('edge', 1), outcome: 'replicated', valueUs: 3_000_000, uncertaintyUs: 1000, probes: 5 },
    { type: 'sync-timing', t: 10, labels: labels('edge', 1), origin: 'cloud', schedule: 'edge: every 10s', scheduledWaitUs: 2_800_000, lagUs: 3_000_000 },
    { type: 'replication', t: 11, labels: labels('cloud', 2), outcome: 'replicated', valueUs: 1_000_000, uncertaintyUs: 1000, probes: 5 },
    { type: 'replication', t: 12, labels: labels('edge', 3), outcome: 'timed-out', reason: 'not-synced: img-3 is outside edge\'s repositories (apps/**) (not pullable 9000 ms after the commit point)', probes: 30 },
    { type: 'replication', t: 13, labels: labels('line1', 1), outcome: 'timed-out', reason: 'not pullable 9000 ms after the commit point', probes: 30 },
  ];
}
