/**
 * Writes summary.schema.json at the repository root from the zod schema of
 * summary.json (src/report/summary-schema.ts). Part of `npm run schema`;
 * `--check` exits 1 when the committed file differs instead of writing it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderSummaryJsonSchema, SUMMARY_SCHEMA_FILE } from '../src/report/summary-schema.ts';

const file = fileURLToPath(new URL(`../${SUMMARY_SCHEMA_FILE}`, import.meta.url));
const text = renderSummaryJsonSchema();
if (process.argv.includes('--check')) {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== text) {
    process.stderr.write(`${SUMMARY_SCHEMA_FILE} is out of date: run npm run schema\n`);
    process.exitCode = 1;
  }
} else {
  await writeFile(file, text, 'utf8');
  process.stdout.write(`wrote ${SUMMARY_SCHEMA_FILE} (${text.length} bytes)\n`);
}
