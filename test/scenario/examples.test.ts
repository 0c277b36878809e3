import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isScenarioDocument, loadScenario, SCENARIO_EXTENSIONS } from '../../src/scenario/load.ts';
import type { ResolvedScenario } from '../../src/scenario/resolved.ts';

const DIR = 'scenarios';

async function scenarioFiles(): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(DIR)).sort()) {
    if (!(SCENARIO_EXTENSIONS as readonly string[]).includes(extname(name))) continue;
    const doc: unknown = parseYaml(await readFile(join(DIR, name), 'utf8'));
    if (isScenarioDocument(doc)) out.push(join(DIR, name));
  }
  return out;
}

function lab(s: ResolvedScenario) {
  if (s.target.kind !== 'lab') throw new Error(`${s.source}: expected a lab target`);
  return s.target.config;
}

const examples = suite('scenarios/');

examples('every scenario file parses and resolves', async () => {
  const files = await scenarioFiles();
  assert.ok(files.includes(join(DIR, 'smoke.yaml')) && files.includes(join(DIR, 'lab-faults.yaml')), files.join(', '));
  for (const f of files) {
    const s = await loadScenario(f);
    assert.ok(s.regions.includes(s.origin), f);
  }
});

examples('every scenario file points editors at scenario.schema.json', async () => {
  for (const f of await scenarioFiles()) {
    assert.match(await readFile(f, 'utf8'), /^# yaml-language-server: \$schema=\.\.\/scenario\.schema\.json$/m, f);
  }
});

examples('smoke: three regions seen from eastus at 80 and 150 ms, lognormal lag 400 ms / 2 s', async () => {
  const s = await loadScenario(join(DIR, 'smoke.yaml'));
  const c = lab(s);
  assert.is(s.origin, 'eastus');
  assert.equal(s.regions, ['eastus', 'westeurope', 'japaneast']);
  const rtt = (a: string, b: string) => c.links.find((l) => (l.from === a && l.to === b) || (l.from === b && l.to === a))?.rttMs;
  assert.is(rtt('eastus', 'westeurope'), 80);
  assert.is(rtt('eastus', 'japaneast'), 150);
  assert.ok((rtt('westeurope', 'japaneast') ?? 0) > 150);
  assert.is(c.localRttMs, 1);
  assert.equal(c.replication.lag, { model: 'lognormal', medianMs: 400, p99Ms: 2000 });
  assert.equal(c.faults, []);
  assert.is(s.pull.pairs.length, 9);
  assert.equal(s.pull.phases, ['cold', 'warm']);
  assert.ok(s.thresholds.parsed.length > 0);
});

examples('smoke stays small: a few images of small layers, a bounded wait', async () => {
  const s = await loadScenario(join(DIR, 'smoke.yaml'));
  const w = s.workload;
  const maxLayer = w.layerSize.kind === 'uniform' ? w.layerSize.maxBytes : w.layerSize.kind === 'fixed' ? w.layerSize.sizeBytes : Infinity;
  assert.ok(w.images * w.layers * maxLayer <= 64 * 1024 * 1024, 'at most 64 MiB pushed');
  assert.ok(s.replication.timeoutMs <= 30_000);
  assert.ok(w.pushRatePerSec === null || w.images / w.pushRatePerSec <= 15, 'pushes done within 15 s');
});

examples('lab-faults: one region down, one stalled, 2% 5xx', async () => {
  const s = await loadScenario(join(DIR, 'lab-faults.yaml'));
  const faults = lab(s).faults;
  const regionOf = (kind: string) => faults.filter((f) => f.kind === kind).map((f) => f.region);
  assert.is(regionOf('down').length, 1);
  assert.is(regionOf('stall').length, 1);
  const errors = faults.find((f) => f.kind === 'error-rate');
  assert.ok(errors?.kind === 'error-rate' && errors.rate === 0.02 && errors.status >= 500);
  const faulty = [...regionOf('down'), ...regionOf('stall'), ...regionOf('error-rate')];
  assert.is(new Set(faulty).size, 3, 'one fault per region');
  assert.not.ok(faulty.includes(s.origin), 'the origin stays healthy');
});

examples.run();
