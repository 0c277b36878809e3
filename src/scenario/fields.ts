/**
 * zod field types of a scenario file. Unit fields take text ("2s", "64MiB",
 * "5/s") or a bare number (ms, bytes, per second) and turn into numbers once;
 * bad text becomes an issue at the field's path whose message says what was
 * expected and what was found. `.meta()` feeds descriptions and examples to
 * the generated JSON Schema.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { LIMITS, limitText, type LimitName } from '../limits.ts';
import { isRepoName, isTag } from '../lab/registry-names.ts';
import { DURATION_PATTERN, parseBytes, parseDurationMs, parseRatePerSecond, RATE_PATTERN, SIZE_PATTERN } from '../units.ts';

/** `pattern` is the written form for the generated JSON Schema only (editors); parse decides. */
function unitField(
  what: string,
  example: string,
  parse: (v: string | number) => number,
  min: { gt: number } | { ge: number },
  max: LimitName,
  pattern: string,
) {
  return z
    .union([z.number(), z.string().meta({ pattern })], { error: () => `expected ${what} such as "${example}"` })
    .transform((v, ctx): number => {
      let n: number;
      try {
        n = parse(v);
      } catch (err: unknown) {
        ctx.addIssue({ code: 'custom', message: err instanceof ConfigError ? err.message : String(err) });
        return z.NEVER;
      }
      const ok = 'gt' in min ? n > min.gt : n >= min.ge;
      if (!ok) {
        const bound = 'gt' in min ? `> ${min.gt}` : `≥ ${min.ge}`;
        ctx.addIssue({ code: 'custom', message: `expected ${what} ${bound}, found ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      if (n > LIMITS[max]) {
        ctx.addIssue({ code: 'custom', message: `expected ${what} of at most ${limitText(max)} (replbench's limit), found ${JSON.stringify(v)}` });
        return z.NEVER;
      }
      return n;
    });
}

/** A duration > 0 in ms: "250ms", "2s", "5m", "1h30m", or a bare number of ms. */
export const positiveDurationMs = unitField('a duration', '2s', parseDurationMs, { gt: 0 }, 'durationMs', DURATION_PATTERN).meta({
  description: 'A duration: "250ms", "2s", "5m", "1h30m", or a number of milliseconds.',
  examples: ['2s', '250ms'],
});

/** A size ≥ 1 byte: "256KiB", "64MiB", "1.5GB", or a bare number of bytes. */
export const positiveBytes = unitField('a size', '64MiB', parseBytes, { ge: 1 }, 'layerSizeBytes', SIZE_PATTERN).meta({
  description: 'A size: "256KiB", "64MiB", "1.5GB", or a number of bytes.',
  examples: ['64MiB', '512KiB'],
});

/** A rate > 0 in events per second: "5/s", "300/m", or a bare number per second. */
export const positiveRatePerSec = unitField('a rate', '5/s', parseRatePerSecond, { gt: 0 }, 'ratePerSec', RATE_PATTERN).meta({
  description: 'A rate: "5/s", "300/m", "1/ms", or a number per second.',
  examples: ['5/s', '300/m'],
});

/** A whole number ≥ min and at most the named limit (default: the plain-count limit). */
export function count(min: number, description: string, max: LimitName = 'count') {
  return z
    .number()
    .int()
    .min(min)
    .max(LIMITS[max], `expected a number of at most ${limitText(max)} (replbench's limit)`)
    .meta({ description });
}

export const scenarioName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected a name of letters, digits, ".", "_" or "-" (it becomes part of the run id)')
  .meta({ description: 'The scenario name; part of the run id (UTC time + name).', examples: ['smoke'] });

/** A repository name that may hold "{i}" (the image index); checked with {i} = 0. */
export const repositoryTemplate = z
  .string()
  .refine((s) => isRepoName(s.replaceAll('{i}', '0')), {
    message: 'expected a repository name of lowercase path components such as "bench/app-{i}"',
  })
  .meta({ description: 'Repository of each image; "{i}" becomes the image index.', examples: ['bench/app-{i}'] });

/** A tag that may hold "{i}"; checked with {i} = 0. */
export const tagTemplate = z
  .string()
  .refine((s) => isTag(s.replaceAll('{i}', '0')), {
    message: 'expected a tag of up to 128 of [A-Za-z0-9_.-], not starting with "." or "-"',
  })
  .meta({ description: 'Tag of each image; "{i}" becomes the image index.', examples: ['v1', 'build-{i}'] });

/** The name of an environment variable (never the secret itself). */
export const envVarName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected the name of an environment variable such as "REGISTRY_PASSWORD"')
  .meta({ description: 'Name of the environment variable that holds the secret at run time.' });

/** An inline secret: always refused with a message that never echoes it. */
export function inlineSecret(field: string, instead: string) {
  return z
    .never({ error: () => `expected ${instead} naming an environment variable (secrets never go in a scenario file), found an inline ${field}` })
    .optional()
    .meta({ description: `Not allowed: put the ${field} in an environment variable and name it in ${instead}.` });
}
