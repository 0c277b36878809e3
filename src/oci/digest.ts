/** Moved to src/oci-spec/digest.ts (the OCI vocabulary the client and the lab share); importers migrate. */
export * from '../oci-spec/digest.ts';
