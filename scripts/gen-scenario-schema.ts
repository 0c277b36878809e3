/**
 * Writes scenario.schema.json and lab-config.schema.json at the repository root
 * from the zod schemas (src/scenario/json-schema.ts). `npm run schema`;
 * `--check` exits 1 when a committed file differs instead of writing it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LAB_CONFIG_SCHEMA_FILE, renderLabConfigJsonSchema, renderScenarioJsonSchema, SCENARIO_SCHEMA_FILE } from '../src/scenario/json-schema.ts';

for (const [name, text] of [[SCENARIO_SCHEMA_FILE, renderScenarioJsonSchema()], [LAB_CONFIG_SCHEMA_FILE, renderLabConfigJsonSchema()]] as const) {
  const file = fileURLToPath(new URL(`../${name}`, import.meta.url));
  if (process.argv.includes('--check')) {
    const committed = await readFile(file, 'utf8').catch(() => '');
    if (committed !== text) {
      process.stderr.write(`${name} is out of date: run npm run schema\n`);
      process.exitCode = 1;
    }
  } else {
    await writeFile(file, text, 'utf8');
    process.stdout.write(`wrote ${name} (${text.length} bytes)\n`);
  }
}
