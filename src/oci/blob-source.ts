/** Moved to src/oci-spec/blob-source.ts (the OCI vocabulary the client and the lab share); importers migrate. */
export * from '../oci-spec/blob-source.ts';
