/** Small scenarios for tests, as plain objects (the written form) and matchers for ConfigError lines. */
import { ConfigError } from '../../src/errors.ts';

export type Doc = Record<string, unknown>;

/** The smallest valid scenario: a two-region lab, origin a. */
export function labScenario(extra: Doc = {}): Doc {
  return { name: 't', target: { kind: 'lab', regions: [{ name: 'a' }, { name: 'b' }] }, origin: 'a', ...extra };
}

/** The smallest valid oci scenario: two regions, anonymous. */
export function ociScenario(extra: Doc = {}, target: Doc = {}): Doc {
  return {
    name: 't',
    target: {
      kind: 'oci',
      regions: [
        { name: 'a', endpoint: 'https://a.example.test' },
        { name: 'b', endpoint: 'b.example.test:5000' },
      ],
      ...target,
    },
    origin: 'a',
    ...extra,
  };
}

/** A ConfigError whose message is exactly one line and matches `pattern`. */
export function configLine(pattern: RegExp): (e: unknown) => boolean {
  return (e: unknown) => e instanceof ConfigError && !e.message.includes('\n') && pattern.test(e.message);
}

/** The message of what `fn` throws (fails the test when it does not throw). */
export function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e: unknown) {
    if (!(e instanceof ConfigError)) throw e;
    return e.message;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}
