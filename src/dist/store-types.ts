/**
 * What a results store is, apart from which one: the interface every store
 * implements (store-local.ts, store-azblob.ts), the location a store URL
 * parses to, and the options of one operation. Its own file so the stores
 * and store.ts, which opens them, import it without importing each other.
 */
import type { RunRef } from './store-run-files.ts';

export interface StoreOpOptions {
  readonly signal?: AbortSignal;
}

export interface ResultsStore {
  /** The store's URL, as given (never holds a secret). */
  readonly url: string;
  /** Uploads every file of runDir as run `basename(runDir)`; returns the run's URL. */
  put(runDir: string, options?: StoreOpOptions): Promise<string>;
  /** Downloads run runId into `<toDir>/<runId>/`; returns that directory. */
  get(runId: string, toDir: string, options?: StoreOpOptions): Promise<string>;
  /** Runs whose id starts with prefix (all when omitted), newest first. */
  list(prefix?: string, options?: StoreOpOptions): Promise<RunRef[]>;
}

export type StoreLocation =
  | { readonly kind: 'local'; readonly dir: string }
  | { readonly kind: 'azblob'; readonly account: string; readonly container: string; readonly prefix: string };

export type Env = Readonly<Record<string, string | undefined>>;
