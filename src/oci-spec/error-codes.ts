/**
 * The error codes a registry answers with in `{"errors":[{"code",…}]}`: the
 * OCI Distribution spec's own, and the few more CNCF distribution sends. The
 * client reads them (src/oci/errors.ts), the lab's registry writes them
 * (src/lab/registry-errors.ts).
 */

/** The error codes of the OCI distribution spec. */
export const OCI_ERROR_CODES = [
  'BLOB_UNKNOWN',
  'BLOB_UPLOAD_INVALID',
  'BLOB_UPLOAD_UNKNOWN',
  'DIGEST_INVALID',
  'MANIFEST_BLOB_UNKNOWN',
  'MANIFEST_INVALID',
  'MANIFEST_UNKNOWN',
  'NAME_INVALID',
  'NAME_UNKNOWN',
  'SIZE_INVALID',
  'UNAUTHORIZED',
  'DENIED',
  'UNSUPPORTED',
  'TOOMANYREQUESTS',
] as const;
export type OciErrorCode = (typeof OCI_ERROR_CODES)[number];

/** Codes outside the spec that CNCF distribution answers with (and so does the lab). */
export const DISTRIBUTION_ERROR_CODES = ['PAGINATION_NUMBER_INVALID', 'NOT_FOUND', 'RANGE_INVALID', 'UNKNOWN'] as const;
export type RegistryErrorCode = OciErrorCode | (typeof DISTRIBUTION_ERROR_CODES)[number];
