import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compareOutcomes } from '../../src/report/compare-outcomes.ts';
import { DEFAULT_COMPARE_OPTIONS } from '../../src/report/compare-options.ts';
import type { OutcomeCounts, Report } from '../../src/report/report.ts';

function withOutcomes(outcomes: Record<string, Partial<OutcomeCounts>>): Report {
  const full: Record<string, OutcomeCounts> = {};
  for (const [region, c] of Object.entries(outcomes)) full[region] = { replicated: 0, timedOut: 0, errored: 0, inconsistent: 0, probes: 0, ...c };
  return { outcomes: full } as unknown as Report;
}

const cmp = suite('compareOutcomes');
cmp('a significant drop of the replicated share beyond the tolerance is a regression', () => {
  const out = compareOutcomes(
    withOutcomes({ westeurope: { replicated: 200 }, japaneast: { replicated: 200 } }),
    withOutcomes({ westeurope: { replicated: 180, timedOut: 20 }, japaneast: { replicated: 199, errored: 1 } }),
    DEFAULT_COMPARE_OPTIONS,
  );
  assert.equal(out.map((o) => [o.region, o.verdict]), [['japaneast', 'unchanged'], ['westeurope', 'regression']]);
  assert.equal(out[1]?.candidate, { replicated: 180, total: 200 });
  assert.is(out[1]?.delta, -0.1);
  assert.ok((out[1]?.z ?? 0) > 2.33);
});
cmp('a rise is an improvement; a region missing or empty in one run is left out', () => {
  const out = compareOutcomes(
    withOutcomes({ a: { replicated: 150, timedOut: 50 }, b: { replicated: 10 }, c: {} }),
    withOutcomes({ a: { replicated: 200 }, c: { replicated: 5 } }),
    DEFAULT_COMPARE_OPTIONS,
  );
  assert.equal(out.map((o) => [o.region, o.verdict]), [['a', 'improvement']]);
});
cmp.run();
