import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.ts';
import { isScenarioDocument, loadScenario, parseScenarioText } from '../../src/scenario/load.ts';
import { configLine } from './fixtures.ts';

const GOOD_YAML = `# yaml-language-server: $schema=../scenario.schema.json
name: t
target:
  kind: lab
  regions: [{name: a}, {name: b}]
origin: a
replication: {timeout: 30s}
`;

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-scenario-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (e: unknown) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  assert.unreachable('expected a ConfigError');
  throw new Error('unreachable');
}

const load = suite('loadScenario');

load('reads .yaml, .yml and .json files', async () => {
  await withDir(async (dir) => {
    await writeFile(join(dir, 's.yaml'), GOOD_YAML);
    await writeFile(join(dir, 's.yml'), GOOD_YAML);
    await writeFile(join(dir, 's.json'), JSON.stringify({ name: 't', target: { kind: 'lab', regions: [{ name: 'a' }] }, origin: 'a' }));
    for (const f of ['s.yaml', 's.yml', 's.json']) {
      const s = await loadScenario(join(dir, f));
      assert.is(s.name, 't');
      assert.is(s.source, join(dir, f));
    }
    assert.is((await loadScenario(join(dir, 's.yaml'))).replication.timeoutMs, 30_000);
  });
});

load('a field error names the file and the path, on one line', async () => {
  await withDir(async (dir) => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, GOOD_YAML.replace('timeout: 30s', 'timeout: soon'));
    const e = await rejection(loadScenario(file));
    assert.is(e.message, `${file}: replication.timeout: expected a duration such as "250ms", "2s" or "5m", found "soon"`);
    assert.is(e.code, 'E_CONFIG');
    await writeFile(file, GOOD_YAML.replace('kind: lab', 'kind: ftp'));
    assert.is((await rejection(loadScenario(file))).message, `${file}: target.kind: expected one of "lab", "oci", "acr", "blob", found "ftp"`);
  });
});

load('YAML syntax errors give file:line:col', async () => {
  await withDir(async (dir) => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'name: t\ntarget: [\n');
    const e = await rejection(loadScenario(file));
    assert.ok(configLine(/^.*bad\.yaml:\d+:\d+: not valid YAML: /)(e), e.message);
    await writeFile(file, 'name: t\nname: u\n');
    assert.match((await rejection(loadScenario(file))).message, /bad\.yaml:2:1: not valid YAML: Map keys must be unique$/);
  });
});

load('JSON syntax errors give file:line:col without echoing the text', async () => {
  await withDir(async (dir) => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '{\n  "name": "t",\n  "target": {"kind": "lab",}\n}\n');
    const e = await rejection(loadScenario(file));
    assert.ok(configLine(/bad\.json:3:\d+: not valid JSON: /)(e), e.message);
    assert.not.match(e.message, /"kind"/);
  });
});

load('missing files, directories and other extensions', async () => {
  await withDir(async (dir) => {
    assert.is((await rejection(loadScenario(join(dir, 'nope.yaml')))).message, `${join(dir, 'nope.yaml')}: cannot read the scenario: no such file`);
    await mkdir(join(dir, 'd.yaml'));
    assert.match((await rejection(loadScenario(join(dir, 'd.yaml')))).message, /d\.yaml: cannot read the scenario: it is a directory$/);
    assert.is((await rejection(loadScenario(join(dir, 's.toml')))).message, `${join(dir, 's.toml')}: expected a .yaml, .yml or .json scenario file, found ".toml"`);
  });
});

load.run();

const text = suite('parseScenarioText');

text('empty files, lists and bare lab configs are named as such', () => {
  assert.throws(() => parseScenarioText('', 's.yaml'), configLine(/^s\.yaml: expected a scenario .*found an empty file$/));
  assert.throws(() => parseScenarioText('- a\n', 's.yaml'), configLine(/^s\.yaml: \(top level\): expected a mapping, found a list$/));
  assert.throws(
    () => parseScenarioText('regions: [{name: a}]\nlinks: []\n', 'lab.yaml'),
    configLine(/^lab\.yaml: target: expected a scenario with a target section, found a lab config/),
  );
});

text('unknown fields point at the field and list the known ones', () => {
  assert.throws(
    () => parseScenarioText(`${GOOD_YAML}workload: {imagez: 3}\n`, 's.yaml'),
    configLine(/^s\.yaml: workload\.imagez: expected only the fields images, repository, .*, found an unknown field "imagez"$/),
  );
});

text('several problems: every one, on one line', () => {
  assert.throws(
    () => parseScenarioText(`${GOOD_YAML}workload: {images: 0, layers: 0}\n`, 's.yaml'),
    configLine(/^s\.yaml: workload\.images: expected a number ≥ 1, found 0; workload\.layers: expected a number ≥ 1, found 0$/),
  );
});

text('YAML aliases and anchors work; JSON text parses as JSON', () => {
  const yaml = `${GOOD_YAML}pull: {workers: &w [a, b], endpoints: *w}\n`;
  assert.equal(parseScenarioText(yaml, 's.yaml').pull.workers, ['a', 'b']);
  const json = JSON.stringify({ name: 'j', target: { kind: 'lab', regions: [{ name: 'a' }] }, origin: 'a' });
  assert.is(parseScenarioText(json, 's.json', 'json').name, 'j');
});

text.run();

const isScenario = suite('isScenarioDocument');

isScenario('a mapping with a target', () => {
  assert.ok(isScenarioDocument({ target: {} }));
  assert.not.ok(isScenarioDocument({ regions: [] }));
  assert.not.ok(isScenarioDocument([]));
  assert.not.ok(isScenarioDocument(null));
  assert.not.ok(isScenarioDocument('target'));
});

isScenario.run();
