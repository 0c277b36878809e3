/**
 * Egress per worker region: the bytes its pulls took from its own
 * region's endpoint (local) and from other regions' endpoints (remote), and
 * what that would cost at the scenario's price table — the number behind "no
 * additional egress fees" for pulls from a local replica.
 *
 * Prices are per GB (10^9 bytes), keyed "from->to": data leaving the
 * endpoint's region ("from") for the worker's region ("to"). A remote pair
 * without its own price pays `default` (0 when there is none); a local pull
 * is free unless the table names it ("eastus->eastus"). Every pull counts,
 * cold and warm: each one moves the bytes again.
 *
 * Present only in runs whose scenario has an `egress` table (an
 * `egress-prices` record in the log): in report.md after the blob redirects,
 * in summary.json as egress (without byEndpoint).
 */
import type { EgressPricesEvent, ReplEvent } from '../../events/index.ts';
import { compareText } from '../../stats/labels.ts';
import { formatBytes } from '../../units.ts';
import { table } from '../format.ts';
import type { Summary } from '../summary-schema.ts';
import { defineSection } from './section.ts';

export const BYTES_PER_GB = 1e9;

export interface EgressWorker {
  readonly localBytes: number;
  readonly remoteBytes: number;
  /** Sum over endpoints of bytes / 10^9 × price(endpoint->worker), rounded to 10^-6. */
  readonly estimatedCost: number;
  readonly currency: string;
  /** Bytes per endpoint region (the local one included), sorted. */
  readonly byEndpoint: Readonly<Record<string, number>>;
}

/** The price of one GB moved from `from` to `to`. */
export function pricePerGB(table: Readonly<Record<string, number>>, from: string, to: string): number {
  const own = table[`${from}->${to}`];
  if (own !== undefined) return own;
  return from === to ? 0 : (table['default'] ?? 0);
}

/** Per worker region (sorted); undefined when the run logged no price table. */
export function egressOf(events: readonly ReplEvent[]): Record<string, EgressWorker> | undefined {
  const prices = events.findLast((e): e is EgressPricesEvent => e.type === 'egress-prices');
  if (prices === undefined) return undefined;
  const bytes = new Map<string, Map<string, number>>();
  for (const e of events) {
    if (e.type !== 'pull') continue;
    const { worker, endpoint } = e.labels;
    let byEndpoint = bytes.get(worker);
    if (byEndpoint === undefined) bytes.set(worker, (byEndpoint = new Map<string, number>()));
    byEndpoint.set(endpoint, (byEndpoint.get(endpoint) ?? 0) + e.bytes);
  }
  const out: Record<string, EgressWorker> = {};
  for (const worker of [...bytes.keys()].sort(compareText)) {
    const byEndpoint = bytes.get(worker) as Map<string, number>;
    let localBytes = 0;
    let remoteBytes = 0;
    let cost = 0;
    for (const [endpoint, n] of byEndpoint) {
      if (endpoint === worker) localBytes += n;
      else remoteBytes += n;
      cost += (n / BYTES_PER_GB) * pricePerGB(prices.pricePerGB, endpoint, worker);
    }
    out[worker] = {
      localBytes,
      remoteBytes,
      estimatedCost: Math.round(cost * 1e6) / 1e6,
      currency: prices.currency,
      byEndpoint: Object.fromEntries([...byEndpoint.keys()].sort(compareText).map((k) => [k, byEndpoint.get(k) as number])),
    };
  }
  return out;
}

/** report.md: local and remote bytes and the estimated cost per worker region. */
export function egressMarkdown(egress: Readonly<Record<string, EgressWorker>>): string {
  const rows = Object.entries(egress).map(([worker, e]) =>
    [worker, formatBytes(e.localBytes), formatBytes(e.remoteBytes), `${e.estimatedCost.toFixed(6)} ${e.currency}`]);
  if (rows.length === 0) return '## Egress\n\nNo pull was made.';
  return `## Egress\n\n${table(['worker', 'local bytes', 'remote bytes', 'estimated cost'], rows)}\n\n` +
    'Remote bytes were pulled from another region\'s endpoint; cost = bytes / 10^9 × the scenario\'s price per GB for (endpoint → worker).';
}

function egressSummary(egress: Readonly<Record<string, EgressWorker>>): Partial<Summary> {
  const out: NonNullable<Summary['egress']> = {};
  for (const [worker, e] of Object.entries(egress)) {
    out[worker] = { localBytes: e.localBytes, remoteBytes: e.remoteBytes, estimatedCost: e.estimatedCost, currency: e.currency };
  }
  return { egress: out };
}

export const egressSection = defineSection({
  key: 'egress',
  fold: ({ events }) => egressOf(events),
  parts: {
    md: { rank: 80, render: egressMarkdown },
    json: { rank: 50, render: egressSummary },
  },
});
