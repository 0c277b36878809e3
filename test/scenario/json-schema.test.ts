import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFile } from 'node:fs/promises';
import { renderScenarioJsonSchema, SCENARIO_SCHEMA_FILE, SCENARIO_SCHEMA_ID, scenarioJsonSchema } from '../../src/scenario/json-schema.ts';

type Json = Record<string, any>;

const schema = suite('scenarioJsonSchema');

schema('the input side: units as text or numbers, defaults as written', () => {
  const s = scenarioJsonSchema() as Json;
  assert.is(s['$id'], SCENARIO_SCHEMA_ID);
  assert.equal(s['required'], ['name', 'target', 'origin']);
  const replication = s['properties'].replication.properties;
  assert.equal(replication.timeout.type, ['number', 'string']);
  assert.is(replication.timeout.default, '5m');
  assert.is(s['properties'].workload.properties.layerSize.default, '1MiB');
  assert.ok('$schema' in s['properties'], 'JSON scenarios may name their schema');
});

schema('target: lab (kind required) or oci; inline secrets are refused', () => {
  const target = (scenarioJsonSchema() as Json)['properties'].target;
  const [lab, oci] = target.oneOf as Json[];
  assert.is(lab?.['properties'].kind.const, 'lab');
  assert.ok((lab?.['required'] as string[]).includes('kind'));
  assert.is(oci?.['properties'].kind.const, 'oci');
  const basic = (oci?.['properties'].auth.oneOf as Json[]).find((v) => v['properties'].kind.const === 'basic');
  assert.equal(basic?.['properties'].password.not, {});
});

schema('short forms of the lab schema (lag: 500ms, topology: multi-master) stay valid', () => {
  const lab = ((scenarioJsonSchema() as Json)['properties'].target.oneOf as Json[])[0] as Json;
  assert.equal(lab['properties'].topology.anyOf[0], { type: ['string', 'number'] });
  assert.equal(lab['properties'].replication.properties.lag.anyOf[0], { type: ['string', 'number'] });
});

schema.run();

const render = suite('renderScenarioJsonSchema');

render('the committed scenario.schema.json is up to date (npm run schema)', async () => {
  const committed = await readFile(SCENARIO_SCHEMA_FILE, 'utf8');
  assert.ok(committed === renderScenarioJsonSchema(), `${SCENARIO_SCHEMA_FILE} is out of date: run npm run schema`);
});

render('deterministic, two-space JSON with a final newline', () => {
  const a = renderScenarioJsonSchema();
  assert.is(a, renderScenarioJsonSchema());
  assert.ok(a.endsWith('}\n'));
  assert.ok(a.startsWith('{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "$id"'), a.slice(0, 120));
});

render.run();
