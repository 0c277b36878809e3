/**
 * OCI Distribution error responses: `{"errors":[{"code","message","detail"}]}`
 * with the status each code goes with, and the mapping of store errors to them.
 */
import type { ServerResponse } from 'node:http';
import { DigestMismatchError } from '../errors.ts';
import type { RegistryErrorCode } from '../oci-spec/error-codes.ts';
import { StoreError } from './store.ts';

/** The spec's codes and CNCF distribution's few more (src/oci-spec/error-codes.ts). */
export type OciErrorCode = RegistryErrorCode;

/** A request the registry refuses; thrown inside the handler, answered by it. */
export class RegistryHttpError extends Error {
  readonly status: number;
  readonly ociCode: OciErrorCode;
  readonly detail: unknown;
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    status: number,
    ociCode: OciErrorCode,
    message: string,
    options: { detail?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'RegistryHttpError';
    this.status = status;
    this.ociCode = ociCode;
    this.detail = options.detail;
    this.headers = options.headers ?? {};
  }
}

export function ociErrorBody(code: string, message: string, detail?: unknown): string {
  const entry: Record<string, unknown> = { code, message };
  if (detail !== undefined) entry['detail'] = detail;
  return JSON.stringify({ errors: [entry] });
}

export function sendOciError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  options: { detail?: unknown; headers?: Readonly<Record<string, string>> } = {},
): void {
  const body = ociErrorBody(code, message, options.detail);
  res.writeHead(status, {
    ...options.headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** The registry answer for an error thrown by a store or a digest check; undefined when it is a real fault. */
export function registryErrorFor(err: unknown): RegistryHttpError | undefined {
  if (err instanceof RegistryHttpError) return err;
  if (err instanceof DigestMismatchError) {
    return new RegistryHttpError(400, 'DIGEST_INVALID', 'the content does not match the digest', {
      detail: { expected: err.expected, actual: err.actual },
    });
  }
  if (!(err instanceof StoreError)) return undefined;
  switch (err.reason) {
    case 'name-invalid':
      return new RegistryHttpError(400, 'NAME_INVALID', err.message);
    case 'digest-invalid':
      return new RegistryHttpError(400, 'DIGEST_INVALID', err.message);
    case 'blob-unknown':
      return new RegistryHttpError(404, 'BLOB_UNKNOWN', 'blob unknown to registry');
    case 'upload-unknown':
      return new RegistryHttpError(404, 'BLOB_UPLOAD_UNKNOWN', 'blob upload unknown to registry');
    case 'upload-range':
    case 'upload-busy':
      return new RegistryHttpError(416, 'BLOB_UPLOAD_INVALID', err.message, {
        headers: { Range: uploadRange(err.sizeBytes ?? 0) },
      });
  }
}

/** The `Range` of an upload of `sizeBytes` (`0-<last byte>`; `0-0` when empty, as distribution answers). */
export function uploadRange(sizeBytes: number): string {
  return `0-${Math.max(0, sizeBytes - 1)}`;
}
