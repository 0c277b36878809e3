/**
 * zod issues → one ConfigError line, for scenarios and lab configs alike:
 * `<source>: <field path>: expected …, found …; <field path>: …` (every problem).
 *
 * `configErrorMap` phrases zod's own issue codes as "expected …"; messages
 * written in the schemas already are. `issuesToConfigError` unwraps unions to
 * the branch the input was meant for, then appends ", found <value>" from the
 * document itself when the message does not say it yet. Values under
 * `auth` and webhook `headers` are never echoed (only a kind), nor URL
 * credentials or query strings, so no secret reaches a message even if
 * written in the wrong field.
 */
import type { z } from 'zod';
import { ConfigError } from '../errors.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  never: 'nothing here',
};

/** Per-parse error map: zod's codes in the house phrasing ("expected …"). Pass it to every config parse. */
export const configErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      return `expected ${TYPE_NAMES[iss.expected] ?? iss.expected}`;
    case 'invalid_value':
      return `expected ${iss.values.length === 1 ? '' : 'one of '}${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
    case 'too_big': {
      const limit = iss.code === 'too_small' ? iss.minimum : iss.maximum;
      const sign = iss.code === 'too_small' ? (iss.inclusive ? '≥' : '>') : iss.inclusive ? '≤' : '<';
      if (iss.origin === 'array') return `expected a list of ${sign} ${String(limit)} item(s)`;
      if (iss.origin === 'string') return `expected a string of ${sign} ${String(limit)} character(s)`;
      return `expected a number ${sign} ${String(limit)}`;
    }
    case 'invalid_format':
      return `expected a string in ${iss.format} format`;
    case 'unrecognized_keys': {
      const shape = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
      const known = shape ? Object.keys(shape).filter((k) => k !== '$schema') : [];
      const found = iss.keys.map((k) => JSON.stringify(k)).join(', ');
      const plural = iss.keys.length === 1 ? 'an unknown field' : 'unknown fields';
      return known.length > 0 ? `expected only the fields ${known.join(', ')}, found ${plural} ${found}` : `found ${plural} ${found}`;
    }
    default:
      return undefined;
  }
};

interface Leaf {
  readonly path: Path;
  readonly message: string;
}

/**
 * Every problem, in the document's order, on one line. `document` is what was
 * parsed (to quote what was found); `pathPrefix` is where it sits in its file
 * (a lab config under a scenario's `target`).
 */
export function issuesToConfigError(source: string, issues: readonly Issue[], document: unknown, pathPrefix: Path = []): ConfigError {
  const leaves = issues.flatMap((i) => unwrap(i, []));
  if (leaves.length === 0) return configError(source, pathPrefix, 'invalid config');
  const lines = leaves.map((leaf) => `${formatPath([...pathPrefix, ...leaf.path])}: ${withFound(leaf, document)}`);
  return new ConfigError(`${source}: ${[...new Set(lines)].join('; ')}`);
}

/** One ConfigError line for a problem found outside zod (cross-field checks). */
export function configError(source: string, path: Path, message: string): ConfigError {
  return new ConfigError(`${source}: ${formatPath(path)}: ${oneLine(message)}`);
}

/** `a.b[2].c`; the empty path is "(top level)". */
export function formatPath(path: Path): string {
  if (path.length === 0) return '(top level)';
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function unwrap(issue: Issue, prefix: Path): Leaf[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) return [{ path: [...path, issue.keys[0] ?? ''], message: issue.message }];
  if (issue.code !== 'invalid_union' || issue.message.startsWith('expected')) return [{ path, message: issue.message }];
  const options = (issue as { options?: readonly unknown[] }).options;
  if (issue.errors.length === 0 && options !== undefined) {
    return [{ path, message: `expected one of ${options.filter((o) => o !== undefined).map((o) => JSON.stringify(o)).join(', ')}` }];
  }
  // Branches that failed only because the value has another type are not what the user meant.
  const meant = issue.errors.filter((branch) => !(branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0));
  if (meant.length === 1) return (meant[0] ?? []).flatMap((i) => unwrap(i, path));
  const types = issue.errors.flatMap((b) => (b[0]?.code === 'invalid_type' ? [TYPE_NAMES[b[0].expected] ?? b[0].expected] : []));
  const unique = [...new Set(types)];
  const expected = unique.length > 1 ? `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)}` : (unique[0] ?? 'one of the allowed forms');
  return [{ path, message: `expected ${expected}` }];
}

function withFound(leaf: Leaf, document: unknown): string {
  const message = oneLine(leaf.message);
  if (!message.startsWith('expected') || /\bfound\b/.test(message)) return message;
  const at = valueAt(document, leaf.path);
  if (!at.reachable) return message;
  return `${message}, found ${describeFound(at.value, isSecretPath(leaf.path))}`;
}

function valueAt(document: unknown, path: Path): { reachable: boolean; value?: unknown } {
  let value = document;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return { reachable: false };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return { reachable: true, value };
}

/** Values under auth (secrets by reference) and webhook headers are never shown; a `kind` is. */
function isSecretPath(path: Path): boolean {
  return path.some((p) => p === 'auth' || p === 'headers') && path.at(-1) !== 'kind';
}

/** How a found value is shown: strings quoted and cut short, containers by kind. */
export function describeFound(value: unknown, redact = false): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (redact) return `a ${typeof value}`;
  if (typeof value === 'string') {
    // Never echo URL credentials or query strings (SAS tokens).
    const safe = value.includes('://') ? value.replace(/\/\/[^@/\s]*@/, '//***@').replace(/\?.*$/s, '?…') : value;
    return JSON.stringify(safe.length > 60 ? `${safe.slice(0, 57)}...` : safe);
  }
  return typeof value === 'symbol' || typeof value === 'function' ? typeof value : String(value as number | boolean | bigint);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
