/**
 * `egress`: the price table behind the egress estimate (src/report/egress.ts).
 *
 *   egress:
 *     currency: USD
 *     pricePerGB:                     # per 10^9 bytes leaving FROM for TO
 *       "eastus->westeurope": 0.02
 *       "westeurope->eastus": 0.02
 *       default: 0.05                 # any other remote pair; local pulls are free unless listed
 */
import { z } from 'zod';
import type { Fail } from './fail.ts';
import type { ResolvedEgress } from './resolved.ts';

export const EGRESS_DEFAULTS = { currency: 'USD' } as const;

export const egressSchema = z
  .strictObject({
    pricePerGB: z
      .record(z.string(), z.number().min(0, 'expected a price ≥ 0'))
      .meta({ description: 'Price per GB (10^9 bytes) by "from->to" region pair (data leaving "from"), and "default" for other remote pairs.' }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected a three-letter currency code such as "USD"')
      .prefault(EGRESS_DEFAULTS.currency),
  })
  .meta({ description: 'Egress price table: per worker region, remote vs local bytes pulled and their estimated cost.' });

export type EgressParsed = z.output<typeof egressSchema>;

const PAIR_RE = /^([^\s>]+)->([^\s>]+)$/;

export function resolveEgress(e: EgressParsed | undefined, regions: readonly string[], fail: Fail): ResolvedEgress | null {
  if (e === undefined) return null;
  const prices: Record<string, number> = {};
  for (const [key, price] of Object.entries(e.pricePerGB)) {
    if (key !== 'default') {
      const m = PAIR_RE.exec(key);
      if (m === null) fail(['egress', 'pricePerGB', key], `expected "default" or a region pair "from->to", found ${JSON.stringify(key)}`);
      for (const name of [m?.[1], m?.[2]]) {
        if (name !== undefined && !regions.includes(name)) {
          fail(['egress', 'pricePerGB', key], `expected regions of the target (${regions.join(', ')}), found ${JSON.stringify(name)}`);
        }
      }
    }
    prices[key] = price;
  }
  const sorted = Object.fromEntries(Object.keys(prices).sort().map((k) => [k, prices[k] as number]));
  return { currency: e.currency, pricePerGB: sorted };
}
