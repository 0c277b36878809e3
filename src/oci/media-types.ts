/** Moved to src/oci-spec/media-types.ts (the OCI vocabulary the client and the lab share); importers migrate. */
export * from '../oci-spec/media-types.ts';
