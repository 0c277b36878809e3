import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { loadLabConfigFile } from '../../src/lab/lab-config-loader.ts';
import {
  LAB_CONFIG_SCHEMA_FILE,
  LAB_CONFIG_SCHEMA_ID,
  labConfigJsonSchema,
  renderLabConfigJsonSchema,
  renderScenarioJsonSchema,
  SCENARIO_SCHEMA_FILE,
  SCENARIO_SCHEMA_ID,
  scenarioJsonSchema,
  strictTypes,
} from '../../src/scenario/json-schema.ts';
import { isScenarioDocument } from '../../src/scenario/load.ts';
import { resolveScenario } from '../../src/scenario/resolve.ts';

type Json = Record<string, any>;

const schema = suite('scenarioJsonSchema');

schema('the input side: units as text or numbers, defaults as written', () => {
  const s = scenarioJsonSchema() as Json;
  assert.is(s['$id'], SCENARIO_SCHEMA_ID);
  assert.equal(s['required'], ['name', 'target', 'origin']);
  const replication = s['properties'].replication.properties;
  assert.equal(replication.timeout.anyOf.map((b: Json) => b['type']), ['number', 'string']);
  assert.type(replication.timeout.anyOf[1].pattern, 'string');
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
  const shortForm = { anyOf: [{ type: 'string' }, { type: 'number' }] };
  assert.equal(lab['properties'].topology.anyOf[0], shortForm);
  assert.equal(lab['properties'].replication.properties.lag.anyOf[0], shortForm);
});

schema.run();

const render = suite('renderScenarioJsonSchema');

render('the committed scenario.schema.json and lab-config.schema.json are up to date (npm run schema)', async () => {
  const committed = await readFile(SCENARIO_SCHEMA_FILE, 'utf8');
  assert.ok(committed === renderScenarioJsonSchema(), `${SCENARIO_SCHEMA_FILE} is out of date: run npm run schema`);
  const lab = await readFile(LAB_CONFIG_SCHEMA_FILE, 'utf8');
  assert.ok(lab === renderLabConfigJsonSchema(), `${LAB_CONFIG_SCHEMA_FILE} is out of date: run npm run schema`);
});

render('deterministic, two-space JSON with a final newline', () => {
  const a = renderScenarioJsonSchema();
  assert.is(a, renderScenarioJsonSchema());
  assert.ok(a.endsWith('}\n'));
  assert.ok(a.startsWith('{\n  "$schema": "http://json-schema.org/draft-07/schema#",\n  "$id"'), a.slice(0, 120));
});

render.run();

/** Both schemas under strict-mode ajv: no union types, no unknown keywords, every keyword beside its type. */
function compile(): { scenario: ValidateFunction; lab: ValidateFunction } {
  const ajv = new Ajv({ strict: true, allErrors: true });
  return { scenario: ajv.compile(scenarioJsonSchema()), lab: ajv.compile(labConfigJsonSchema()) };
}

const strict = suite('strict ajv');
strict('compiles both schemas; the lab config schema has its own $id and no required kind', () => {
  const { lab } = compile();
  assert.is((labConfigJsonSchema() as Json)['$id'], LAB_CONFIG_SCHEMA_ID);
  assert.not.ok(((labConfigJsonSchema() as Json)['required'] ?? []).includes('kind'));
  assert.ok(lab({ regions: [{ name: 'a' }, { name: 'b' }], links: [{ from: 'a', to: 'b', rtt: '80ms' }] }));
  assert.not.ok(lab({ links: [{ from: 'a', to: 'b', rtt: '80 millis' }] }), 'a bad duration in a lab config');
});
strict('strictTypes splits union types and moves each keyword beside its type', () => {
  assert.equal(strictTypes({ type: ['number', 'string'], pattern: '^a$', minimum: 1, description: 'd' }), {
    description: 'd',
    anyOf: [{ type: 'number', minimum: 1 }, { type: 'string', pattern: '^a$' }],
  });
  assert.equal(strictTypes({ properties: { type: { type: 'string' } } }), { properties: { type: { type: 'string' } } });
});

async function shippedFiles(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => ['.yaml', '.yml', '.json'].includes(extname(f))).sort().map((f) => join(dir, f));
}

strict('every shipped scenario, lab config and the k8s ConfigMap\'s scenario validates', async () => {
  const { scenario, lab } = compile();
  let scenarios = 0;
  for (const f of await shippedFiles('scenarios')) {
    const doc: unknown = parseYaml(await readFile(f, 'utf8'));
    assert.ok(isScenarioDocument(doc), `${f} is a scenario (lab configs live in lab/)`);
    assert.ok(scenario(doc), `${f}: ${JSON.stringify(scenario.errors?.slice(0, 3))}`);
    scenarios++;
  }
  let labs = 0;
  for (const f of await shippedFiles('lab')) {
    const text = await readFile(f, 'utf8');
    assert.match(text, /^# yaml-language-server: \$schema=\.\.\/lab-config\.schema\.json$/m, f);
    assert.ok(lab(parseYaml(text)), `${f}: ${JSON.stringify(lab.errors?.slice(0, 3))}`);
    await loadLabConfigFile(f);
    labs++;
  }
  const configMap = parseAllDocuments(await readFile('deploy/k8s/scenario-configmap.yaml', 'utf8'))[0]?.toJS() as Json;
  const embedded: unknown = parseYaml(configMap['data']['scale-out.yaml']);
  assert.ok(scenario(embedded), JSON.stringify(scenario.errors?.slice(0, 3)));
  assert.ok(scenarios >= 6 && labs >= 2, `${scenarios} scenarios, ${labs} lab configs`);
});

strict('rejects what replbench run rejects: units and threshold expressions in the wrong form', async () => {
  const { scenario } = compile();
  const smoke = parseYaml(await readFile('scenarios/smoke.yaml', 'utf8')) as Json;
  const cases: Record<string, (d: Json) => void> = {
    'pushRate: 8 per second': (d) => (d['workload'].pushRate = '8 per second'),
    'replication_lag: ["p50<1500ms"]': (d) => (d['thresholds'] = { replication_lag: ['p50<1500ms'] }),
    'an unknown metric': (d) => (d['thresholds'] = { replication_lagg: ['p(50)<1500ms'] }),
    'rate(done)': (d) => (d['thresholds'] = { replication_outcome: ['rate(done)>=0.99'] }),
    'layerSize: 4 megs': (d) => (d['workload'].layerSize = '4 megs'),
    'timeout: 10 minutes': (d) => (d['replication'].timeout = '10 minutes'),
  };
  for (const [name, mutate] of Object.entries(cases)) {
    const doc = structuredClone(smoke);
    mutate(doc);
    assert.not.ok(scenario(doc), `the schema passes ${name}`);
    assert.throws(() => resolveScenario(doc, 'smoke.yaml'), undefined, `replbench passes ${name}`);
  }
  const fine = structuredClone(smoke);
  fine['workload'].pushRate = '300/m';
  fine['workload'].layerSize = { kind: 'uniform', min: '512KiB', max: '4MiB' };
  fine['replication'].timeout = '1h30m';
  fine['thresholds'] = { 'replication_lag{region:westeurope}': ['p(99.9)<2m', 'med<500ms'], replication_outcome: ['rate(replicated)>=99%', 'count(timed-out)==0'] };
  assert.ok(scenario(fine), JSON.stringify(scenario.errors));
  resolveScenario(fine, 'smoke.yaml');
});
strict.run();
