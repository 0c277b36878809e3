import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_COMPARE_OPTIONS, loadCompareOptions, parseFraction, resolveCompareOptions } from '../../src/report/compare-options.ts';

const frac = suite('parseFraction');
frac('reads percentages and fractions', () => {
  assert.is(parseFraction('25%', 'x'), 0.25);
  assert.is(parseFraction('0.1', 'x'), 0.1);
  assert.is(parseFraction(0.5, 'x'), 0.5);
  assert.throws(() => parseFraction('lots', '--tolerance lots'), /--tolerance lots: expected a fraction such as "20%" or 0\.2, found "lots"/);
});
frac.run();

const resolve = suite('resolveCompareOptions');
resolve('defaults: p50/p90/p99, 99% confidence, 2000 resamples, per-metric tolerances', () => {
  assert.equal(resolveCompareOptions({}, {}), DEFAULT_COMPARE_OPTIONS);
});
resolve('config file values, then flags on top', () => {
  const o = resolveCompareOptions(
    { confidence: 0.95, seed: 3, percentiles: [99, 50], minTail: 10, outcomeTolerance: '2%',
      tolerances: { replication_lag: { relative: '30%', minDelta: '20ms' }, pull_ttfb: 0.5 } },
    { tolerance: ['pull_duration=10%'], minDelta: ['5ms'], seed: 4 },
  );
  assert.is(o.confidence, 0.95);
  assert.is(o.seed, 4);
  assert.equal(o.percentiles, [50, 99]);
  assert.is(o.minTail, 10);
  assert.is(o.outcomeTolerance, 0.02);
  assert.equal(o.tolerances.replication_lag, { relative: 0.3, minDeltaMs: 5 });
  assert.equal(o.tolerances.pull_ttfb, { relative: 0.5, minDeltaMs: 5 });
  assert.equal(o.tolerances.pull_duration, { relative: 0.1, minDeltaMs: 5 });
});
resolve('a bare --tolerance applies to every metric', () => {
  const o = resolveCompareOptions({}, { tolerance: ['15%'] });
  assert.ok(Object.values(o.tolerances).every((t) => t.relative === 0.15));
});
resolve('rejects unknown metrics, bad values and unknown keys with one clear sentence', () => {
  assert.throws(() => resolveCompareOptions({}, { tolerance: ['lag=10%'] }), /--tolerance lag=10%: expected a metric \(replication_lag, push_duration, pull_duration, pull_ttfb\) before "=", found "lag"/);
  assert.throws(() => resolveCompareOptions({}, { minDelta: ['pull_ttfb=soon'] }), /--min-delta pull_ttfb=soon: expected a duration/);
  assert.throws(() => resolveCompareOptions({ confidense: 0.9 }, {}, 'c.yaml'), /^c\.yaml: field /);
  assert.throws(() => resolveCompareOptions({}, { confidence: 1.5 }), /--confidence: expected a level between 0 and 1/);
  assert.throws(() => resolveCompareOptions({}, { resamples: 10 }), /--resamples: expected a whole number ≥ 100/);
  assert.throws(() => resolveCompareOptions({}, { percentiles: [100] }), /--percentiles: expected percentiles between 0 and 100/);
});
resolve.run();

const load = suite('loadCompareOptions');
load('reads YAML from --config; a missing file is a ConfigError naming it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'replbench-cmpopt-'));
  try {
    const path = join(dir, 'compare.yaml');
    writeFileSync(path, 'confidence: 0.9\ntolerances:\n  replication_lag: 40%\n');
    const o = await loadCompareOptions({ config: path });
    assert.is(o.confidence, 0.9);
    assert.is(o.tolerances.replication_lag.relative, 0.4);
    assert.equal(await loadCompareOptions({}), DEFAULT_COMPARE_OPTIONS);
    try {
      await loadCompareOptions({ config: join(dir, 'nope.yaml') });
      assert.unreachable();
    } catch (err: unknown) {
      assert.match((err as Error).message, /nope\.yaml: cannot read the compare config \(ENOENT\)/);
      assert.is((err as { code?: string }).code, 'E_CONFIG');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
load.run();
