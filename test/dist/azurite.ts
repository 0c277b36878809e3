/**
 * Azurite (blob service only) for the results-store tests: started on
 * 127.0.0.1 in memory, telemetry off, stopped by PID — the same launcher
 * `target.kind: blob` runs use (src/blob/azurite-process.ts). A machine
 * without the azurite package gets a reason to skip, not a failure.
 */
import { AZURITE_DEV_ACCOUNT, AZURITE_DEV_KEY, startAzurite as launch } from '../../src/blob/azurite-process.ts';
import { describeError } from '../../src/errors.ts';

export const DEV_ACCOUNT = AZURITE_DEV_ACCOUNT;
export const DEV_KEY = AZURITE_DEV_KEY;

export interface Azurite {
  readonly port: number;
  readonly pid: number;
  readonly connectionString: string;
  stop(): Promise<void>;
}

export type AzuriteStart = { readonly ok: true; readonly azurite: Azurite } | { readonly ok: false; readonly reason: string };

/** A connection string for the dev account on `port`, with `key` (a wrong key tests auth failures). */
export function connectionStringFor(port: number, key = DEV_KEY): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${key};BlobEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
}

export async function startAzurite(): Promise<AzuriteStart> {
  try {
    const p = await launch();
    return { ok: true, azurite: { port: p.port, pid: p.pid, connectionString: connectionStringFor(p.port), stop: () => p.stop() } };
  } catch (err: unknown) {
    return { ok: false, reason: describeError(err) };
  }
}
