/**
 * The malformed-input corpus (test/scenario/corpus/): every file there is a
 * scenario or lab config that must be refused by the real CLI, run as a child
 * process, with exit 2 and one line naming the file and the problem — no
 * stack, no hang, no burnt CPU (bounded at 10 s per file, for a promise of 2 s).
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CORPUS = join('test', 'scenario', 'corpus');

/** File → what its one line must say (after "replbench: <file>"). Files starting "lab-" go to `replbench lab --config`. */
const EXPECTED: Record<string, RegExp> = {
  'alias-bomb.yaml': /not valid YAML: Excessive alias count/,
  'base-layers-over-layers.yaml': /workload\.baseLayers: expected at most workload\.layers \(2\) base layers, found 3$/,
  'binary-garbage.yaml': /cannot read the scenario: it is not a text file/,
  'chunk-size-monolithic.yaml': /workload\.chunkSize: expected no chunkSize with uploadMode: monolithic/,
  'directory.yaml': /cannot read the scenario: it is a directory$/,
  'duplicate-regions.yaml': /target\.regions\[2\]\.name: the region "eastus" is declared twice$/,
  'empty.yaml': /found an empty file$/,
  'images-1e12.yaml': /workload\.images: expected a number of at most 1000000 \(replbench's limit\), found 1000000000000$/,
  'images-negative.yaml': /workload\.images: expected a number ≥ 1, found -5$/,
  'images-wrong-type.yaml': /workload\.images: expected a number, found "ten"$/,
  'json-trailing-comma.json': /:1:\d+: not valid JSON/,
  'lab-bandwidth-words.yaml': /replication\.bandwidth: expected a bandwidth such as "50MiB\/s"/,
  'lab-duplicate-regions.yaml': /regions\[2\]\.name: the region "eastus" is declared twice$/,
  'lab-link-unknown-region.yaml': /links\[0\]\.to: unknown region "mars"/,
  'lab-negative-rtt.yaml': /links\[0\]\.rtt: expected a duration .*found "-5ms"$/,
  'lab-port-absurd.yaml': /ports\.base: .*65535/,
  'lab-regions-wrong-type.yaml': /regions: expected a list, found "eastus"/,
  'layer-size-1tib.yaml': /workload\.layerSize: expected a layer size of at most 64GiB \(replbench's limit\), found "1TiB"$/,
  'layer-size-negative.yaml': /workload\.layerSize: expected a size .*found "-1MiB"$/,
  'layer-size-words.yaml': /workload\.layerSize: expected a size .*found "big"$/,
  'layer-size-zero.yaml': /workload\.layerSize: expected a size of at least 1 byte, found "0"$/,
  'layers-absurd.yaml': /workload\.layers: expected a number of at most 1000 \(replbench's limit\), found 100000$/,
  'layers-fraction.yaml': /workload\.layers: expected a whole number, found 2\.5$/,
  'layers-per-run-absurd.yaml': /workload\.images: expected at most 5000000 distinct layers per run \(replbench's limit/,
  'lognormal-p99-1tib.yaml': /workload\.layerSize\.p99: expected a layer size of at most 64GiB/,
  'lognormal-p99-below-median.yaml': /workload\.layerSize: p99 \(1MiB\) must not be below median \(8MiB\)$/,
  'name-missing.yaml': /name: expected a string, found nothing$/,
  'no-index-template.yaml': /workload\.repository: expected "\{i\}" in the repository or the tag when images > 1/,
  'only-comments.yaml': /found an empty file$/,
  'origin-not-in-regions.yaml': /origin: expected one of the regions \(eastus, westeurope\), found "japaneast"$/,
  'probe-rate-absurd.yaml': /replication\.maxProbeRatePerRegion: expected a rate of at most 100000\/s \(replbench's limit\)/,
  'pull-concurrency-zero.yaml': /pull\.concurrency: expected a number ≥ 1, found 0$/,
  'pull-worker-unknown.yaml': /pull\.workers\[1\]: expected one of the regions \(eastus, westeurope\), found "mars"$/,
  'push-concurrency-absurd.yaml': /workload\.pushConcurrency: expected a number of at most 10000 \(replbench's limit\)/,
  'push-rate-absurd.yaml': /workload\.pushRate: expected a rate of at most 100000\/s \(replbench's limit\), found "1000000000\/s"$/,
  'push-rate-words.yaml': /workload\.pushRate: expected a rate such as "20\/s" or "5\/m", found "8 per second"$/,
  'push-rate-zero.yaml': /workload\.pushRate: expected a rate > 0, found "0\/s"$/,
  'threshold-bad-expression.yaml': /thresholds\["replication_lag"\]\[0\]: expected an expression .*found "p50<1500ms"$/,
  'timeout-absurd.yaml': /replication\.timeout: expected a duration of at most 7 days \(replbench's limit\), found "1000h"$/,
  'top-level-list.yaml': /\(top level\): expected a mapping, found a list$/,
  'uniform-min-over-max.yaml': /workload\.layerSize: min \(64MiB\) must not exceed max \(1MiB\)$/,
  'unknown-field.yaml': /workload\.imagez: expected only the fields .* found an unknown field "imagez"$/,
  'utf16-no-bom.yaml': /cannot read the scenario: it is UTF-16 text; save it as UTF-8$/,
  'utf16.yaml': /cannot read the scenario: it is UTF-16 text; save it as UTF-8$/,
  'wrong-extension.txt': /expected a \.yaml, \.yml or \.json scenario file, found "\.txt"$/,
  'yaml-syntax.yaml': /:6:1: not valid YAML: /,
  // Not in the corpus on purpose.
  'missing.yaml': /cannot read the scenario: no such file$/,
};

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function runCli(args: readonly string[]): Promise<Outcome> {
  const started = performance.now();
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin', 'replbench.js'), ...args],
      { cwd: ROOT, timeout: 30_000, env: { ...process.env, REPLBENCH_FROM_SOURCE: '1', NO_COLOR: '1' } },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
        done({ code, stdout, stderr, ms: performance.now() - started });
      },
    );
  });
}

const argsFor = (file: string): string[] =>
  file.startsWith('lab-') ? ['lab', '--config', join(CORPUS, file)] : ['run', join(CORPUS, file), '--reports-dir', join('reports', 'input-corpus-never')];

const corpus = suite('input corpus');

corpus('the table names every file of the corpus, and there are at least 30', () => {
  const files = readdirSync(join(ROOT, CORPUS)).sort();
  assert.equal(files, Object.keys(EXPECTED).filter((f) => f !== 'missing.yaml').sort());
  assert.ok(files.length >= 30);
});

corpus('every file: exit 2, one line "replbench: <file>: <problem>", no stack, nothing on stdout, well within 10 s', async () => {
  const entries = Object.entries(EXPECTED);
  const outcomes = new Map<string, Outcome>();
  // Two children at a time (one per core of a small CI machine): every child starts a Node process.
  for (let i = 0; i < entries.length; i += 2) {
    const batch = entries.slice(i, i + 2);
    const results = await Promise.all(batch.map(([file]) => runCli(argsFor(file))));
    batch.forEach(([file], j) => outcomes.set(file, results[j] as Outcome));
  }
  for (const [file, pattern] of entries) {
    const o = outcomes.get(file) as Outcome;
    assert.is(o.code, 2, `${file}: exit ${String(o.code)}: ${o.stderr}`);
    assert.is(o.stdout, '', file);
    const lines = o.stderr.split('\n').filter((l) => l !== '');
    assert.is(lines.length, 1, `${file}: ${o.stderr}`);
    const line = lines[0] as string;
    assert.ok(line.startsWith(`replbench: ${join(CORPUS, file)}`), `${file}: ${line}`);
    assert.match(line, pattern, file);
    assert.not.match(line, /\n\s+at |Error:|\bat .*\.ts:\d+/, file);
    assert.ok(o.ms < 10_000, `${file} took ${Math.round(o.ms)} ms`);
  }
});

corpus.run();
