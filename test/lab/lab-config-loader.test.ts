import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.ts';
import { defaultLabConfig, loadLabConfigFile, parseLabConfigText } from '../../src/lab/lab-config-loader.ts';

const isConfig = (pattern: RegExp) => (e: unknown) => e instanceof ConfigError && pattern.test(e.message);

const text = suite('parseLabConfigText');

text('reads a lab config at the top level or under a scenario target with kind: lab', () => {
  const a = parseLabConfigText('regions: [{name: a}, {name: b}]\nlinks: [{from: a, to: b, rtt: 80ms}]\n', 'lab.yaml');
  assert.is(a.links[0]?.rttMs, 80);
  const b = parseLabConfigText('name: s\ntarget:\n  kind: lab\n  regions: [{name: a}]\n', 's.yaml');
  assert.is(b.regions[0]?.name, 'a');
});

text('errors name the file, the line of a YAML error, and target.* paths', () => {
  assert.throws(() => parseLabConfigText('regions: [\n', 'bad.yaml'), isConfig(/^bad\.yaml \(line \d+\): not valid YAML/));
  assert.throws(() => parseLabConfigText('- a\n- b\n', 'list.yaml'), isConfig(/list\.yaml: expected a mapping/));
  assert.throws(() => parseLabConfigText('target: {kind: acr}\n', 's.yaml'), isConfig(/s\.yaml: target\.kind: expected "lab"/));
  assert.throws(
    () => parseLabConfigText('target: {kind: lab, regions: [{name: a}], localRtt: soon}\n', 's.yaml'),
    isConfig(/s\.yaml: target\.localRtt: expected a duration/),
  );
});

const load = suite('loadLabConfigFile');

load('reads the file and names it when missing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-lab-'));
  try {
    const file = join(dir, 'lab.yaml');
    await writeFile(file, 'regions: [{name: only}]\n');
    assert.is((await loadLabConfigFile(file)).regions[0]?.name, 'only');
    try {
      await loadLabConfigFile(join(dir, 'nope.yaml'));
      assert.unreachable('should have thrown');
    } catch (e) {
      assert.ok(isConfig(/nope\.yaml: cannot read the lab config: no such file/)(e));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

load('the shipped lab configs (lab/*.yaml) and scenarios/lab-faults.yaml parse', async () => {
  for (const f of ['lab/3region.yaml', 'lab/hierarchy.yaml', 'scenarios/lab-faults.yaml']) {
    const c = await loadLabConfigFile(f);
    assert.ok(c.regions.length >= 2, f);
  }
});

const defaults = suite('defaultLabConfig');

defaults('three regions: westeurope 80 ms and japaneast 150 ms from eastus', () => {
  const c = defaultLabConfig();
  assert.equal(c.regions.map((r) => r.name), ['eastus', 'westeurope', 'japaneast']);
  assert.equal(c.links.map((l) => [l.from, l.to, l.rttMs]), [
    ['eastus', 'westeurope', 80],
    ['eastus', 'japaneast', 150],
    ['westeurope', 'japaneast', 220],
  ]);
});

text.run();
load.run();
defaults.run();
