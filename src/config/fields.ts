/**
 * zod field types with units for scenario and lab configs: durations ("80ms", "2s"),
 * bandwidths ("50MiB/s"), fractions, region names and glob lists. Each turns
 * the text into numbers once (ms, bytes per second) and reports bad text as an
 * issue at the field's path.
 */
import { z } from 'zod';
import { BANDWIDTH_PATTERN, DURATION_PATTERN, parseBandwidth, parseDurationMs } from '../units.ts';
import { ConfigError } from '../errors.ts';

/** `pattern` is the written form for the generated JSON Schema only (editors); parse decides. */
function unitField<T>(parse: (v: string | number) => T, pattern: string) {
  return z.union([z.number(), z.string().meta({ pattern })]).transform((v, ctx): T => {
    try {
      return parse(v);
    } catch (err: unknown) {
      ctx.addIssue({ code: 'custom', message: err instanceof ConfigError ? err.message : String(err) });
      return z.NEVER;
    }
  });
}

/** A duration in ms: "80ms", "2s", "1m30s", or a bare number of ms. */
export const durationMs = unitField(parseDurationMs, DURATION_PATTERN);

/** A bandwidth in bytes per second: "50MiB/s", "1GB/s", or a bare number of bytes per second. */
export const bandwidthBytesPerSec = unitField(parseBandwidth, BANDWIDTH_PATTERN);

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
