import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as replbench from '../src/index.ts';

const api = suite('package entry point');
api('exposes the library the CLI is built on', () => {
  for (const name of ['loadScenario', 'resolveScenario', 'runScenario', 'foldEvents', 'rerender', 'writeReport', 'startLab'] as const) {
    assert.type(replbench[name], 'function', name);
  }
  assert.type(replbench.oci.RegistryClient, 'function');
  assert.type(replbench.workload.planImage, 'function');
  assert.ok(new replbench.ConfigError('x') instanceof replbench.ReplbenchError);
});
api.run();
