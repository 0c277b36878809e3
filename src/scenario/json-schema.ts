/**
 * The JSON Schema of scenario files, generated from the zod schema (input
 * side: what a user may write), committed as scenario.schema.json and checked
 * against a fresh generation by a test. Regenerate with `npm run schema`.
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
import { scenarioSchema } from './schema.ts';

export const SCENARIO_SCHEMA_FILE = 'scenario.schema.json';
export const SCENARIO_SCHEMA_ID = 'https://replbench.dev/scenario.schema.json';

type JsonSchema = Record<string, unknown>;

/** Builds the JSON Schema object (draft-07, which editors support best). */
export function scenarioJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(scenarioSchema, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'any',
    override: (ctx) => {
      const def = ctx.zodSchema._zod.def as { type: string; in?: { _zod: { def: { type: string } } } };
      const schema = ctx.jsonSchema as JsonSchema;
      if (ctx.zodSchema === labTargetSchema) {
        const required = Array.isArray(schema['required']) ? (schema['required'] as string[]) : [];
        if (!required.includes('kind')) schema['required'] = ['kind', ...required];
      } else if (def.type === 'pipe' && def.in?._zod.def.type === 'transform' && ctx.zodSchema !== targetSchema) {
        widenPreprocessed(schema);
      }
    },
  }) as JsonSchema;
  const { $schema, ...rest } = generated;
  return { $schema, $id: SCENARIO_SCHEMA_ID, ...rest };
}

/** The text committed as scenario.schema.json: two-space indent, final newline. */
export function renderScenarioJsonSchema(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

function widenPreprocessed(schema: JsonSchema): void {
  const written = { ...schema };
  for (const key of Object.keys(schema)) delete schema[key];
  schema['anyOf'] = [{ type: ['string', 'number'] }, written];
}
