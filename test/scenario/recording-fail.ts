/**
 * A `Fail` for tests of the scenario checks: it throws a Failed carrying the path, and `failure(fn)`
 * returns what fn failed with (path joined with ".", message), or undefined when it passed.
 */
import type { Fail } from '../../src/scenario/fail.ts';

class Failed extends Error {
  constructor(readonly at: string, message: string) {
    super(message);
  }
}

export const fail: Fail = (path, message) => {
  throw new Failed(typeof path === 'string' ? path : path.join('.'), message);
};

export function failure(fn: () => void): { at: string; message: string } | undefined {
  try {
    fn();
  } catch (e: unknown) {
    if (e instanceof Failed) return { at: e.at, message: e.message };
    throw e;
  }
  return undefined;
}
