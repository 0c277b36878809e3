import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readK6Outputs } from '../../src/dist/k6-read.ts';
import { readStaged, StagingFile, type StagedRecord } from '../../src/dist/k6-staging.ts';
import { k6HttpRequest, k6Metric, k6Point, k6Pull, withTmpDir } from './k6-fixtures.ts';

async function read(dir: string, files: string[]) {
  const replbench = new StagingFile(join(dir, 'r.tmp'));
  const http = new StagingFile(join(dir, 'h.tmp'));
  const stats = await readK6Outputs(files, { replbench, http });
  replbench.close();
  http.close();
  const all = async (f: StagingFile): Promise<StagedRecord[]> => {
    const out: StagedRecord[] = [];
    for await (const r of readStaged(f.path)) out.push(r);
    return out;
  };
  return { stats, ours: await all(replbench), http: await all(http) };
}

const T = '2026-11-22T09:00:01.000000000Z';
const T_US = Date.UTC(2026, 10, 22, 9, 0, 1) * 1000;

const readSuite = suite('readK6Outputs');
readSuite('stages the exported script\'s pulls and errors; k6\'s own http samples go to the fallback until the first replbench sample', async () => {
  await withTmpDir(async (dir) => {
    const lines = [
      k6Metric('replbench_pull_duration'),
      k6Point('vus', T, 3, null),
      ...k6HttpRequest(T, { worker: 'eastus', endpoint: 'japaneast' }, 400, 300),
      ...k6Pull({ time: T, worker: 'eastus', endpoint: 'japaneast', image: 'app/img-1:v1', durationMs: 930.5, ttfbMs: 480.25, bytes: 2048 }),
      ...k6HttpRequest(T, { worker: 'eastus', endpoint: 'japaneast' }, 500, 400),
      k6Point('replbench_pull_errors', T, 1, { worker: 'eastus', endpoint: 'eastus', image: 'app/img-0:v0', phase: 'cold', status: '503', what: 'blob', k6_error: '1503' }),
      k6Point('replbench_pull_errors', T, 1, { worker: 'eastus', endpoint: 'eastus', status: '0', what: 'manifest', k6_error: '1050' }),
      k6Point('replbench_pull_errors', T, 1, { worker: 'eastus', endpoint: 'westeurope', image: 'app/img-0:v0', status: '404', what: 'manifest', k6_error: '1404' }),
      k6Point('replbench_pull_errors', T, 1, { worker: 'eastus', endpoint: 'westeurope', image: 'app/img-0:v0', status: '401', what: 'manifest', k6_error: '1401' }),
      k6Point('dropped_iterations', T, 1, { scenario: 'pull_eastus', worker: 'eastus' }),
      k6Point('dropped_iterations', T, 1, { scenario: 'pull_eastus', worker: 'eastus' }),
      k6Point('dropped_iterations', T, 1, { scenario: 'pull_japaneast' }),
    ];
    writeFileSync(join(dir, 'out.json'), `${lines.join('\n')}\n`);
    const r = await read(dir, [join(dir, 'out.json')]);
    assert.equal(r.ours, [
      { k: 'pull', worker: 'eastus', endpoint: 'japaneast', image: 'app/img-1:v1', phase: 'warm', timeUs: T_US, durationUs: 930_500, ttfbUs: 480_250, bytes: 2048 },
      { k: 'error', timeUs: T_US, code: 'E_REGISTRY', message: 'k6: the blob answered 503', labels: { worker: 'eastus', endpoint: 'eastus', image: 'app/img-0:v0', phase: 'cold' } },
      { k: 'error', timeUs: T_US, code: 'E_TIMEOUT', message: 'k6: the manifest answered nothing (no response, k6 error 1050)', labels: { worker: 'eastus', endpoint: 'eastus', image: '', phase: 'warm' } },
      { k: 'error', timeUs: T_US, code: 'E_REGISTRY', message: 'k6: the manifest answered 404', labels: { worker: 'eastus', endpoint: 'westeurope', image: 'app/img-0:v0', phase: 'warm' } },
      { k: 'error', timeUs: T_US, code: 'E_AUTH', message: 'k6: the manifest answered 401', labels: { worker: 'eastus', endpoint: 'westeurope', image: 'app/img-0:v0', phase: 'warm' } },
    ]);
    assert.equal(r.stats.dropped, { eastus: 2, japaneast: 1 }, 'dropped_iterations per worker, from its tag or the scenario name');
    assert.equal(r.http, [{ k: 'pull', worker: 'eastus', endpoint: 'japaneast', image: '', phase: 'warm', timeUs: T_US, durationUs: 400_000, ttfbUs: 300_000, bytes: 0 }]);
    assert.equal({ lines: r.stats.lines, points: r.stats.points, invalid: r.stats.invalid, untagged: r.stats.untagged }, { lines: 24, points: 12, invalid: 0, untagged: 0 });
  });
});
readSuite('the fallback counts requests k6 marks unexpected as errors, not pulls; untagged points are counted', async () => {
  await withTmpDir(async (dir) => {
    const lines = [
      ...k6HttpRequest(T, { worker: 'westeurope', endpoint: 'eastus', expected_response: 'false', status: '404' }, 80, 79),
      ...k6HttpRequest(T, {}, 50, 40),
    ];
    writeFileSync(join(dir, 'out.json'), lines.join('\n'));
    const r = await read(dir, [join(dir, 'out.json')]);
    assert.equal(r.http, [{ k: 'error', timeUs: T_US, code: 'E_REGISTRY', message: 'k6: GET answered 404', labels: { worker: 'westeurope', endpoint: 'eastus', image: '', phase: 'warm' } }]);
    assert.is(r.stats.untagged, 2);
    assert.equal(r.stats.http, { paired: 0, unpairedDurations: 0, unpairedTtfbs: 0 });
  });
});
readSuite('reads gzipped output (k6 --out json=FILE.gz) and several files as one', async () => {
  await withTmpDir(async (dir) => {
    writeFileSync(join(dir, 'a.json.gz'), gzipSync(k6Pull({ time: T, worker: 'eastus', endpoint: 'eastus', durationMs: 10, ttfbMs: 1 }).join('\n')));
    writeFileSync(join(dir, 'b.json'), k6Pull({ time: T, worker: 'westeurope', endpoint: 'eastus', durationMs: 90, ttfbMs: 80 }).join('\n'));
    const r = await read(dir, [join(dir, 'a.json.gz'), join(dir, 'b.json')]);
    assert.equal(r.ours.map((x) => (x.k === 'pull' ? `${x.worker} ${x.durationUs}` : '')), ['eastus 10000', 'westeurope 90000']);
    assert.equal(r.stats.truncated, []);
  });
});
readSuite('a gzip cut short (k6 killed while writing) is read up to the cut and reported', async () => {
  await withTmpDir(async (dir) => {
    const lines: string[] = [];
    for (let i = 0; i < 200; i++) lines.push(...k6Pull({ time: T, worker: 'eastus', endpoint: 'eastus', durationMs: 10 + i, ttfbMs: 1 }));
    const gz = gzipSync(lines.join('\n'));
    writeFileSync(join(dir, 'cut.json.gz'), gz.subarray(0, Math.floor(gz.length * 0.7)));
    const r = await read(dir, [join(dir, 'cut.json.gz')]);
    assert.equal(r.stats.truncated, [join(dir, 'cut.json.gz')]);
    assert.ok(r.ours.length > 0 && r.ours.length < 200, String(r.ours.length));
  });
});
readSuite('counts lines that are not k6 records, naming the first few', async () => {
  await withTmpDir(async (dir) => {
    writeFileSync(join(dir, 'out.json'), ['garbage', ...k6Pull({ time: T, worker: 'eastus', endpoint: 'eastus', durationMs: 10, ttfbMs: 1 }), '{"type":"Point"'].join('\n'));
    const r = await read(dir, [join(dir, 'out.json')]);
    assert.is(r.stats.invalid, 2);
    assert.equal(r.stats.invalidExamples, [`${join(dir, 'out.json')}:1: not a JSON object`, `${join(dir, 'out.json')}:5: not a JSON object`]);
    assert.is(r.ours.length, 1);
  });
});
readSuite('a missing input is a ConfigError naming it', async () => {
  await withTmpDir(async (dir) => {
    try {
      await read(dir, [join(dir, 'nope.json')]);
      assert.unreachable('should have thrown');
    } catch (err: unknown) {
      assert.match((err as Error).message, /nope\.json: cannot read the k6 output: no such file/);
      assert.is((err as { code?: string }).code, 'E_CONFIG');
    }
  });
});
readSuite.run();
