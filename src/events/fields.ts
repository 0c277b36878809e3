/**
 * The field vocabulary of event records: the zod pieces every record schema
 * is built from, and Frozen, which turns a schema's inferred type into the
 * read-only record type the rest of replbench handles. Each record is stated
 * once, as a schema; its type is derived from it (z.infer).
 */
import { z } from 'zod';

/** Deeply read-only: the type of a record as readers and writers see it. */
export type Frozen<T> = T extends (infer U)[]
  ? readonly Frozen<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

export const num = z.number().refine(Number.isFinite, 'expected a finite number');
export const nonNeg = num.refine((n) => n >= 0, 'expected a number ≥ 0');
export const str = z.string();
export const count = z.number().int().min(0);
export const statusCounts = z.record(str, count);

export const replicationLabels = z.object({ region: str, image: str, digest: str });
export type ReplicationLabels = Frozen<z.infer<typeof replicationLabels>>;

/** Where a replication signal came from: a registry webhook, or a source blob's x-ms-or-* status (Blob object replication). */
export const signalSource = z.enum(['webhook', 'or-status']);
export type SignalSource = z.infer<typeof signalSource>;
