/**
 * Where the lab posts replication events: a URL, a body format (ACR webhook
 * events or distribution notification envelopes), optional region and action
 * filters, custom headers (never logged), timeout and retry bound.
 */
import { z } from 'zod';
import { durationMs, regionName } from '../config/fields.ts';

export const webhookSchema = z
  .strictObject({
    url: z
      .string()
      .refine((u) => /^https?:\/\//.test(u) && URL.canParse(u), { message: 'expected an http:// or https:// URL' }),
    format: z.enum(['acr', 'distribution']).default('acr'),
    regions: z.array(regionName).min(1).optional(),
    actions: z.array(z.enum(['push', 'delete'])).min(1).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    timeout: durationMs.default(5000),
    retries: z.number().int().min(0).max(10).default(3),
  })
  .transform((w) => {
    const out: WebhookConfig = {
      url: w.url,
      format: w.format,
      timeoutMs: w.timeout,
      retries: w.retries,
      ...(w.regions !== undefined ? { regions: w.regions } : {}),
      ...(w.actions !== undefined ? { actions: w.actions } : {}),
      ...(w.headers !== undefined ? { headers: w.headers } : {}),
    };
    return out;
  });

export type WebhookFormat = 'acr' | 'distribution';
export type WebhookAction = 'push' | 'delete';

export interface WebhookConfig {
  readonly url: string;
  readonly format: WebhookFormat;
  /** Only events from these regions (default: all). */
  readonly regions?: readonly string[];
  readonly actions?: readonly WebhookAction[];
  /** Extra request headers (e.g. Authorization); sent, never logged or echoed. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Attempts after the first one, with backoff. */
  readonly retries: number;
}
