import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as scenario from '../../src/scenario/index.ts';

const index = suite('src/scenario/index.ts');

index('exports the loading, resolving and schema API', () => {
  for (const name of ['loadScenario', 'parseScenarioText', 'resolveScenario', 'credentialsFor', 'renderScenarioJsonSchema', 'parseDurationMs'] as const) {
    assert.type(scenario[name], 'function', name);
  }
  assert.ok(scenario.scenarioSchema);
  assert.is(scenario.SCENARIO_SCHEMA_FILE, 'scenario.schema.json');
});

index.run();
