/**
 * Size limits of the OCI Distribution spec, one value for the client and the lab.
 */

/**
 * The largest manifest either side handles: 4 MiB, the size the spec asks every
 * registry to accept and the limit registries commonly enforce (CNCF
 * distribution's default), so a larger body is not a manifest a registry
 * serves. The client refuses a larger manifest body (src/oci/pull-manifest.ts);
 * the lab's registry answers 413 SIZE_INVALID to a larger push
 * (src/lab/registry-manifests.ts). (The client allowed 16 MiB before.)
 */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
