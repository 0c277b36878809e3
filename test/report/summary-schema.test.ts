import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { foldEvents } from '../../src/report/fold.ts';
import { buildSummary } from '../../src/report/summary.ts';
import { renderSummaryJsonSchema, SUMMARY_SCHEMA_FILE, SUMMARY_SCHEMA_ID, summaryJsonSchema, summarySchema } from '../../src/report/summary-schema.ts';
import type { ReplEvent } from '../../src/events/index.ts';
import { runEvents } from './fixtures.ts';
import { connectedEvents, egressEvents, signalEvents } from './feature-events.ts';
import { syntheticRun } from './synthetic-run.ts';

type Json = Record<string, any>;

/** Event logs whose summaries, between them, hold every optional section the fixtures can make. */
const LOGS: Readonly<Record<string, () => ReplEvent[]>> = {
  'the report fixture (accuracy, timeouts, inconsistent)': runEvents,
  'a synthetic three-region run': () => syntheticRun({ seed: 3, timeoutsPerRegion: 2 }),
  'event sources': signalEvents,
  egress: egressEvents,
  'a connected registry': connectedEvents,
};

const committed = async (): Promise<Json> => JSON.parse(await readFile(SUMMARY_SCHEMA_FILE, 'utf8')) as Json;

const file = suite('summary.schema.json');

file('the committed file is the generated one (npm run schema)', async () => {
  const text = await readFile(SUMMARY_SCHEMA_FILE, 'utf8');
  assert.ok(text === renderSummaryJsonSchema(), `${SUMMARY_SCHEMA_FILE} is out of date: run npm run schema`);
  assert.ok(text.startsWith('{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "$id"'), text.slice(0, 120));
});

file('names itself, requires the contract keys and refuses keys it does not know', () => {
  const s = summaryJsonSchema() as Json;
  assert.is(s['$id'], SUMMARY_SCHEMA_ID);
  assert.equal(s['required'], ['schemaVersion', 'runId', 'scenario', 'complete', 'startedAt', 'finishedAt', 'origin', 'regions', 'metrics', 'outcomes', 'gains', 'thresholds']);
  assert.is(s['additionalProperties'], false);
  const series = s['properties'].metrics.additionalProperties.additionalProperties;
  assert.is(series.additionalProperties, false);
  assert.is(series.properties.unit.const, 'ms');
  assert.type(series.properties.max.description, 'string');
});

file.run();

const validate = suite('summary.json against the schema (strict ajv)');

validate('compiles under strict-mode ajv', async () => {
  new Ajv({ strict: true, allErrors: true }).compile(await committed());
});

for (const [name, events] of Object.entries(LOGS)) {
  validate(`the summary of ${name} is valid`, async () => {
    const check = new Ajv({ strict: true, allErrors: true }).compile(await committed());
    const summary = JSON.parse(JSON.stringify(buildSummary(foldEvents(events()))));
    assert.ok(check(summary), JSON.stringify(check.errors, null, 2));
    assert.ok(summarySchema.safeParse(summary).success, 'the zod schema agrees');
  });
}

validate('a summary with a field the schema does not name is refused', async () => {
  const check = new Ajv({ strict: true, allErrors: true }).compile(await committed());
  const summary = JSON.parse(JSON.stringify(buildSummary(foldEvents(runEvents())))) as Json;
  summary['metrics'].replication_lag['region=westeurope'].p42 = 1;
  assert.not.ok(check(summary));
  assert.match(JSON.stringify(check.errors), /additionalProperties/);
});

validate.run();
