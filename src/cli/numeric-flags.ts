/**
 * The one validator of numeric command-line flags. Every flag that takes a
 * number, size, duration or rate declares its rule here (`numericFlag` in its
 * option definition) and is checked like the scenario field it mirrors — the
 * same unit parsers, the same limits (src/limits.ts) — before any
 * handler runs. Nothing is clamped: `--concurrency 0`, `-1` or `lots` stop the
 * command with exit 2 and one line naming the flag and the rule.
 */
import { ConfigError } from '../errors.ts';
import { LIMITS, limitText, type LimitName } from '../limits.ts';
import { parseBytes, parseDurationMs, parseRatePerSecond } from '../units.ts';

/** A bound: a number, or a named limit (its text is what the message shows). */
type Bound = number | LimitName;

export type NumericRule =
  /** A whole number in [min, max]. */
  | { readonly kind: 'int'; readonly min: number; readonly max: Bound }
  /** A number strictly between min and max (confidence levels, percentiles). */
  | { readonly kind: 'fraction'; readonly above: number; readonly below: number }
  /** A size ("64MiB" or bytes), at least 1 byte. */
  | { readonly kind: 'size'; readonly max: Bound }
  /** A duration ("2s" or ms), > 0 (≥ 0 with `zero: true`). */
  | { readonly kind: 'duration'; readonly max: Bound; readonly zero?: boolean }
  /** A rate ("5/s" or per second), > 0. */
  | { readonly kind: 'rate'; readonly max: Bound };

/** A TCP port to number from: 1 … 65535. */
export const PORT_RULE: NumericRule = { kind: 'int', min: 1, max: 65535 };
/** Any whole number (seeds). */
export const SEED_RULE: NumericRule = { kind: 'int', min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };

const boundValue = (b: Bound): number => (typeof b === 'number' ? b : LIMITS[b]);
const boundText = (b: Bound): string => (typeof b === 'number' ? String(b) : limitText(b));

/**
 * Checks one flag value (a string or number as yargs hands it over, or a list
 * of them) against its rule; returns the number(s). Throws ConfigError.
 */
export function checkNumericFlag(flag: string, rule: NumericRule, value: unknown): number {
  const found = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const refuse = (expected: string): never => {
    throw new ConfigError(`${flag}: expected ${expected}, found ${found}`);
  };
  if (typeof value !== 'string' && typeof value !== 'number') return refuse(describeRule(rule));
  const text = typeof value === 'string' ? value.trim() : value;
  switch (rule.kind) {
    case 'int': {
      const n = typeof text === 'number' ? text : /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n) || n < rule.min || n > boundValue(rule.max)) return refuse(describeRule(rule));
      return n;
    }
    case 'fraction': {
      const n = typeof text === 'number' ? text : /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
      if (!(n > rule.above && n < rule.below)) return refuse(describeRule(rule));
      return n;
    }
    case 'size':
    case 'duration':
    case 'rate': {
      const parse = rule.kind === 'size' ? parseBytes : rule.kind === 'duration' ? parseDurationMs : parseRatePerSecond;
      let n: number;
      try {
        n = parse(typeof text === 'string' && /^\d+(\.\d+)?$/.test(text) ? Number(text) : text);
      } catch {
        return refuse(describeRule(rule));
      }
      const low = rule.kind === 'size' ? n >= 1 : rule.kind === 'duration' && rule.zero === true ? n >= 0 : n > 0;
      if (!low || n > boundValue(rule.max)) return refuse(describeRule(rule));
      return n;
    }
  }
}

/** What a rule accepts, in the words of the error message. */
export function describeRule(rule: NumericRule): string {
  switch (rule.kind) {
    case 'int':
      return rule.max === Number.MAX_SAFE_INTEGER ? 'a whole number' : `a whole number from ${rule.min} to ${boundText(rule.max)}`;
    case 'fraction':
      return `a number between ${rule.above} and ${rule.below} (both excluded)`;
    case 'size':
      return `a size such as "64MiB", from 1 byte to ${boundText(rule.max)}`;
    case 'duration':
      return `a duration such as "5s" or "500ms", ${rule.zero === true ? 'from 0' : 'above 0'} and at most ${boundText(rule.max)}`;
    case 'rate':
      return `a rate such as "5/s" or "30/m", above 0 and at most ${boundText(rule.max)}`;
  }
}

/**
 * The yargs option fields that validate a flag: `type: 'string'` (so "lots"
 * reaches the check as written, not as NaN) and a `coerce` that returns the
 * number. Arrays (`array: true`) are checked element by element.
 */
export function numericFlag(flag: string, rule: NumericRule): { type: 'string'; coerce: (value: unknown) => number | number[] } {
  return {
    type: 'string',
    coerce: (value: unknown) => (Array.isArray(value) ? value.map((v: unknown) => checkNumericFlag(flag, rule, v)) : checkNumericFlag(flag, rule, value)),
  };
}
