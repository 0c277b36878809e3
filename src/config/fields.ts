/**
 * The field vocabulary of scenario and lab configs: zod field types with units
 * (durations "80ms", sizes "64MiB", rates "5/s", bandwidths "50MiB/s"),
 * counts, names (regions, scenarios, repositories, tags, environment
 * variables), fractions and glob lists. Unit fields take text or a bare number
 * (ms, bytes, per second) and turn into numbers once; bad text becomes an
 * issue at the field's path whose message says what was expected and what was
 * found. `.meta()` feeds descriptions and examples to the generated JSON Schemas.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { LIMITS, limitText, type LimitName } from '../limits.ts';
import { isRepoName, isTag } from '../oci-spec/names.ts';
import {
  BANDWIDTH_PATTERN,
  DURATION_PATTERN,
  parseBandwidth,
  parseBytes,
  parseDurationMs,
  parseRatePerSecond,
  RATE_PATTERN,
  SIZE_PATTERN,
} from '../units.ts';

/** What a bounded unit field says when a value is out of range, and its bounds. */
interface UnitBounds {
  /** "a duration": the message's noun. */
  readonly what: string;
  /** A value to show in "expected a duration such as …". */
  readonly example: string;
  readonly min: { readonly gt: number } | { readonly ge: number };
  readonly max: LimitName;
}

/**
 * Text or a bare number through `parse`, once. With `bounds`, a value outside
 * them is an issue naming the bound (and a value of neither type says what was
 * expected). `pattern` is the written form for the generated JSON Schema only
 * (editors); parse decides.
 */
function unitField(parse: (v: string | number) => number, pattern: string, bounds?: UnitBounds) {
  const input = z.union(
    [z.number(), z.string().meta({ pattern })],
    bounds === undefined ? undefined : { error: () => `expected ${bounds.what} such as "${bounds.example}"` },
  );
  return input.transform((v, ctx): number => {
    let n: number;
    try {
      n = parse(v);
    } catch (err: unknown) {
      ctx.addIssue({ code: 'custom', message: err instanceof ConfigError ? err.message : String(err) });
      return z.NEVER;
    }
    if (bounds === undefined) return n;
    const { what, min, max } = bounds;
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

/** A duration in ms: "80ms", "2s", "1m30s", or a bare number of ms. */
export const durationMs = unitField(parseDurationMs, DURATION_PATTERN);

/** A bandwidth in bytes per second: "50MiB/s", "1GB/s", or a bare number of bytes per second. */
export const bandwidthBytesPerSec = unitField(parseBandwidth, BANDWIDTH_PATTERN);

/** A duration > 0 in ms: "250ms", "2s", "5m", "1h30m", or a bare number of ms. */
export const positiveDurationMs = unitField(parseDurationMs, DURATION_PATTERN, { what: 'a duration', example: '2s', min: { gt: 0 }, max: 'durationMs' }).meta({
  description: 'A duration: "250ms", "2s", "5m", "1h30m", or a number of milliseconds.',
  examples: ['2s', '250ms'],
});

/** A size ≥ 1 byte: "256KiB", "64MiB", "1.5GB", or a bare number of bytes. */
export const positiveBytes = unitField(parseBytes, SIZE_PATTERN, { what: 'a size', example: '64MiB', min: { ge: 1 }, max: 'layerSizeBytes' }).meta({
  description: 'A size: "256KiB", "64MiB", "1.5GB", or a number of bytes.',
  examples: ['64MiB', '512KiB'],
});

/** A rate > 0 in events per second: "5/s", "300/m", or a bare number per second. */
export const positiveRatePerSec = unitField(parseRatePerSecond, RATE_PATTERN, { what: 'a rate', example: '5/s', min: { gt: 0 }, max: 'ratePerSec' }).meta({
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

export const regionName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'expected a region name of letters, digits, "-", "_" or "." (such as "eastus")');

export const fraction = z.number().min(0, 'expected a fraction between 0 and 1').max(1, 'expected a fraction between 0 and 1');

export const regionMode = z.enum(['ReadWrite', 'ReadOnly']);
export type RegionMode = z.infer<typeof regionMode>;

/** Repository globs: "*" matches within one path segment, "**" across segments. */
export const repoGlobs = z.array(z.string().min(1)).min(1, 'expected at least one repository pattern');

const globCache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re === undefined) {
    let src = '';
    for (let i = 0; i < glob.length; i++) {
      const ch = glob[i] as string;
      if (ch === '*' && glob[i + 1] === '*') {
        src += '.*';
        i++;
      } else if (ch === '*') src += '[^/]*';
      else if (ch === '?') src += '[^/]';
      else src += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    re = new RegExp(`^${src}$`);
    globCache.set(glob, re);
  }
  return re;
}

export function matchesAnyGlob(repo: string, globs: readonly string[] | undefined): boolean {
  if (globs === undefined) return true;
  return globs.some((g) => globToRegExp(g).test(repo));
}
