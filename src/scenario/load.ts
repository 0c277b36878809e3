/**
 * Reading scenario files: .yaml/.yml (YAML 1.2) or .json. Every failure is a
 * ConfigError of one line that names the file: a missing file, a syntax error
 * (`file:line:col`), a file that is not UTF-8 text (read-text.ts), a lab
 * config given where a scenario was expected, or any
 * problem resolveScenario finds (`file: field.path: expected …, found …`).
 */
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError, describeError } from '../errors.ts';
import { readConfigText } from './read-text.ts';
import { resolveScenario } from './resolve.ts';
import type { ResolvedScenario } from './resolved.ts';

export const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** Reads, parses and resolves a scenario file. */
export async function loadScenario(path: string): Promise<ResolvedScenario> {
  const ext = extname(path).toLowerCase();
  if (!(SCENARIO_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new ConfigError(`${path}: expected a .yaml, .yml or .json scenario file, found ${ext === '' ? 'no extension' : `"${ext}"`}`);
  }
  const text = await readConfigText(path, 'the scenario');
  return parseScenarioText(text, path, ext === '.json' ? 'json' : 'yaml');
}

/** Parses scenario text (YAML unless `format` says json) and resolves it; `source` names it in errors. */
export function parseScenarioText(text: string, source: string, format: 'yaml' | 'json' = 'yaml'): ResolvedScenario {
  const document = format === 'json' ? parseJson(text, source) : parseYaml(text, source);
  checkIsScenario(document, source);
  return resolveScenario(document, source);
}

/** True when a parsed document is a scenario (a mapping with a `target`), not a bare lab config. */
export function isScenarioDocument(document: unknown): boolean {
  return document !== null && typeof document === 'object' && !Array.isArray(document) && 'target' in document;
}

function checkIsScenario(document: unknown, source: string): void {
  if (document === null || document === undefined) {
    throw new ConfigError(`${source}: expected a scenario (a mapping with name, target, origin, …), found an empty file`);
  }
  if (typeof document !== 'object' || Array.isArray(document)) return; // the schema says what it found
  const keys = Object.keys(document);
  if (!('target' in document) && keys.some((k) => ['regions', 'links', 'topology', 'localRtt'].includes(k))) {
    throw new ConfigError(
      `${source}: target: expected a scenario with a target section, found a lab config (start it with "replbench lab --config ${source}")`,
    );
  }
}

function parseYaml(text: string, source: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const err = doc.errors[0];
  if (err !== undefined) {
    const pos = err.linePos?.[0];
    const where = pos ? `${source}:${pos.line}:${pos.col}` : source;
    throw new ConfigError(`${where}: not valid YAML: ${yamlReason(err.message)}`, { cause: err });
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e: unknown) {
    throw new ConfigError(`${source}: not valid YAML: ${describeError(e)}`, { cause: e });
  }
}

/** The yaml package's first message line, without its own " at line L, column C". */
function yamlReason(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/\s+at line \d+, column \d+:?\s*$/, '').replace(/:$/, '');
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err: unknown) {
    const message = describeError(err);
    const at = /position (\d+)/.exec(message);
    const where = at ? lineCol(text, Number(at[1])) : yamlPosition(text);
    // V8 quotes the text around the error: leave it out (one line, no echo of the file).
    const reason = message
      .replace(/,\s*(\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/\s+at position \d+.*$/s, '')
      .replace(/\s+in JSON$/, '')
      .replace(/\s*\(line \d+ column \d+\)$/, '');
    throw new ConfigError(`${source}${where === undefined ? '' : `:${where}`}: not valid JSON: ${reason}`, { cause: err });
  }
}

/** Where the YAML parser (JSON is YAML 1.2) trips over the text, when JSON.parse does not say. */
function yamlPosition(text: string): string | undefined {
  const pos = parseDocument(text, { schema: 'json' }).errors[0]?.linePos?.[0];
  return pos ? `${pos.line}:${pos.col}` : undefined;
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return `${line}:${col}`;
}
