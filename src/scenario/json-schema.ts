/**
 * The JSON Schemas of scenario files and of lab config files, generated from
 * the zod schemas (input side: what a user may write), committed as
 * scenario.schema.json and lab-config.schema.json and checked against a fresh
 * generation by a test. Regenerate with `npm run schema`. Both compile under
 * strict-mode ajv (strictTypes below), and unit fields and threshold
 * expressions carry patterns of the grammar replbench parses, so an editor
 * flags what `replbench run` would refuse.
 *
 * Two adjustments to zod's output:
 * - a lab target must say `kind: lab` (the lab's own schema lets a bare lab
 *   config omit it);
 * - fields the lab schemas accept in a short form through a preprocess step
 *   (`lag: 500ms`, `topology: multi-master`, `store: memory`) also accept a
 *   string or number, so editors do not flag valid files.
 */
import { z } from 'zod';
import { labTargetSchema, targetSchema } from './target-schema.ts';
import { labConfigSchema } from '../lab/lab-config.ts';
import { scenarioSchema } from './schema.ts';

export const SCENARIO_SCHEMA_FILE = 'scenario.schema.json';
export const SCENARIO_SCHEMA_ID = 'https://replbench.dev/scenario.schema.json';
export const LAB_CONFIG_SCHEMA_FILE = 'lab-config.schema.json';
export const LAB_CONFIG_SCHEMA_ID = 'https://replbench.dev/lab-config.schema.json';

type JsonSchema = Record<string, unknown>;

/** Builds the JSON Schema object (draft-07, which editors support best). */
export function scenarioJsonSchema(): JsonSchema {
  return inputJsonSchema(scenarioSchema, SCENARIO_SCHEMA_ID, true);
}

/** The schema of a lab config file (`replbench lab --config FILE`): the lab target without `kind`. */
export function labConfigJsonSchema(): JsonSchema {
  return inputJsonSchema(labConfigSchema, LAB_CONFIG_SCHEMA_ID, false);
}

function inputJsonSchema(schema: z.ZodType, id: string, labNeedsKind: boolean): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'any',
    override: (ctx) => {
      const def = ctx.zodSchema._zod.def as { type: string; in?: { _zod: { def: { type: string } } } };
      const json = ctx.jsonSchema as JsonSchema;
      if (ctx.zodSchema === labTargetSchema && labNeedsKind) {
        const required = Array.isArray(json['required']) ? (json['required'] as string[]) : [];
        if (!required.includes('kind')) json['required'] = ['kind', ...required];
      } else if (def.type === 'pipe' && def.in?._zod.def.type === 'transform' && ctx.zodSchema !== targetSchema) {
        widenPreprocessed(json);
      }
    },
  }) as JsonSchema;
  const { $schema, ...rest } = generated;
  return strictTypes({ $schema, $id: id, ...rest });
}

/** The text committed as lab-config.schema.json: two-space indent, final newline. */
export function renderLabConfigJsonSchema(): string {
  return `${JSON.stringify(labConfigJsonSchema(), null, 2)}\n`;
}

/** The text committed as scenario.schema.json: two-space indent, final newline. */
export function renderScenarioJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

/** Keywords that apply to one JSON type only (ajv's strictTypes wants them beside that type). */
const TYPE_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  string: ['pattern', 'minLength', 'maxLength', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  integer: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  array: ['items', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'additionalItems'],
  object: ['properties', 'required', 'additionalProperties', 'patternProperties', 'propertyNames', 'minProperties', 'maxProperties', 'dependencies'],
};

/**
 * Rewrites `type: [a, b]` as `anyOf: [{type: a, …its keywords}, {type: b, …}]`
 * everywhere, so strict-mode ajv (no union types, every keyword beside its
 * type) compiles the schema; what it accepts is unchanged.
 */
export function strictTypes<T>(node: T): T {
  if (Array.isArray(node)) return (node as unknown[]).map((n) => strictTypes(n)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(node as JsonSchema)) out[k] = k === 'properties' || k === 'definitions' || k === 'patternProperties' ? mapValues(v, strictTypes) : strictTypes(v);
  const types = out['type'];
  if (!Array.isArray(types)) return out as T;
  delete out['type'];
  const branches = (types as string[]).map((t) => {
    const branch: JsonSchema = { type: t };
    for (const k of TYPE_KEYWORDS[t] ?? []) if (k in out) branch[k] = out[k];
    return branch;
  });
  for (const t of types as string[]) for (const k of TYPE_KEYWORDS[t] ?? []) delete out[k];
  if (out['anyOf'] === undefined) out['anyOf'] = branches;
  else out['allOf'] = [...((out['allOf'] as unknown[] | undefined) ?? []), { anyOf: branches }];
  return out as T;
}

function mapValues(v: unknown, f: (x: unknown) => unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return f(v);
  return Object.fromEntries(Object.entries(v as JsonSchema).map(([k, x]) => [k, f(x)]));
}

function widenPreprocessed(schema: JsonSchema): void {
  const written = { ...schema };
  for (const key of Object.keys(schema)) delete schema[key];
  schema['anyOf'] = [{ type: ['string', 'number'] }, written];
}
