/**
 * `requests`: the budget of every registry request a run makes — pushes,
 * watches and their probes, the pull matrix, remote workers — so no registry
 * can hold a run beyond it (src/oci/transfer-watch.ts enforces it):
 *
 *   requests:
 *     deadline: 10m        # total per request, first attempt to last body byte
 *     minRate: 1KiB/s      # a moving body slower than this over a whole window is stalled (0 = no check)
 *     stallWindow: 30s     # the window minRate is measured over
 *
 * A stalled or over-deadline pull is a pull outcome (`stalled`, `timeout`),
 * never a stalled run. The same three are the `--deadline`, `--min-rate` and
 * `--stall-window` flags of push, pull and probe.
 */
import { z } from 'zod';
import { bandwidthBytesPerSec, positiveDurationMs } from '../config/fields.ts';
import { TRANSFER_DEFAULTS } from '../oci/transfer-watch.ts';
import type { ResolvedRequests } from './resolved.ts';

export const REQUESTS_DEFAULTS = {
  deadline: `${TRANSFER_DEFAULTS.deadlineMs / 60_000}m`,
  minRate: `${TRANSFER_DEFAULTS.minRateBytesPerSec / 1024}KiB/s`,
  stallWindow: `${TRANSFER_DEFAULTS.stallWindowMs / 1000}s`,
} as const;

export const requestsSchema = z
  .strictObject({
    deadline: positiveDurationMs
      .prefault(REQUESTS_DEFAULTS.deadline)
      .meta({ description: `Total time per registry request, first attempt to last body byte, retries included (default ${REQUESTS_DEFAULTS.deadline}).` }),
    minRate: z
      .union([z.literal(0), bandwidthBytesPerSec], { error: () => 'expected a rate such as "10KiB/s", or 0 for no rate check' })
      .prefault(REQUESTS_DEFAULTS.minRate)
      .meta({ description: `A request or response body moving slower than this over a whole stallWindow is stalled (default ${REQUESTS_DEFAULTS.minRate}; 0 = no check).` }),
    stallWindow: positiveDurationMs
      .prefault(REQUESTS_DEFAULTS.stallWindow)
      .meta({ description: `The window minRate is measured over (default ${REQUESTS_DEFAULTS.stallWindow}).` }),
  })
  .meta({ description: 'The budget of every registry request of the run: a total deadline and a minimum body rate.' });

export type RequestsParsed = z.output<typeof requestsSchema>;

export function resolveRequests(r: RequestsParsed): ResolvedRequests {
  return { deadlineMs: r.deadline, minRateBytesPerSec: r.minRate, stallWindowMs: r.stallWindow };
}
