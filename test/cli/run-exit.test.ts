import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { AuthError, ConfigError, UnreachableError } from '../../src/errors.ts';
import { runExit, unreachableReplica } from '../../src/cli/run-exit.ts';
import type { OutcomeCounts, ThresholdResult } from '../../src/report/report.ts';

const counts = (o: Partial<OutcomeCounts>): OutcomeCounts => ({ replicated: 0, timedOut: 0, errored: 0, inconsistent: 0, probes: 0, ...o });
const pass: ThresholdResult = { expr: 'replication_lag: p(99)<30s', series: '*', actual: 10, ok: true, unit: 'ms' };
const fail: ThresholdResult = { expr: 'pull_outcome: rate(ok)==1 (default)', series: '*', actual: 0.5, ok: false, unit: 'ratio' };

// The README's "Exit codes" table, row by row: what happened → code (and the message's gist).
const TABLE: readonly { what: string; report: { outcomes: Record<string, OutcomeCounts>; thresholds: ThresholdResult[] }; error?: unknown; interrupted?: boolean; code: number; message?: RegExp }[] = [
  { what: 'everything passed', report: { outcomes: { b: counts({ replicated: 5 }) }, thresholds: [pass] }, code: 0 },
  { what: 'a threshold failed (a default one)', report: { outcomes: { b: counts({ replicated: 5 }) }, thresholds: [pass, fail] }, code: 99 },
  { what: 'the origin refused the credentials', report: { outcomes: {}, thresholds: [] }, error: new AuthError('the origin a refused the credentials'), code: 3, message: /origin a refused/ },
  { what: 'the origin cannot be reached', report: { outcomes: {}, thresholds: [] }, error: new UnreachableError('http://x', 'the origin a cannot be reached'), code: 3, message: /origin a cannot be reached/ },
  { what: 'a bad scenario', report: { outcomes: {}, thresholds: [] }, error: new ConfigError('scenario.yaml: workload.images: expected a number'), code: 2 },
  { what: 'a bug', report: { outcomes: {}, thresholds: [] }, error: new Error('boom'), code: 1 },
  { what: 'interrupted, thresholds failed too', report: { outcomes: {}, thresholds: [fail] }, interrupted: true, code: 130 },
  { what: 'a replica refused the credentials for every watch', report: { outcomes: { b: counts({ replicated: 5 }), c: counts({ errored: 5, refused: 5 }) }, thresholds: [fail] }, code: 3, message: /^the replica c refused the credentials for the entire run \(5 of 5 watches\)$/ },
  { what: 'a replica never answered', report: { outcomes: { c: counts({ errored: 2, timedOut: 2, noAnswer: 4 }) }, thresholds: [fail] }, code: 3, message: /^the replica c could not be reached for the entire run/ },
  { what: 'a replica that answered some watches is a threshold matter', report: { outcomes: { c: counts({ replicated: 1, errored: 4, noAnswer: 4 }) }, thresholds: [fail] }, code: 99 },
  { what: 'a lying replica (inconsistent) is a threshold matter', report: { outcomes: { c: counts({ inconsistent: 5, inconsistentBy: { 'head-lies': 5 } }) }, thresholds: [fail] }, code: 99 },
];

const table = suite('runExit: the exit-code table');
for (const row of TABLE) {
  table(`${row.what} → ${row.code}`, () => {
    const exit = runExit(row.report, { ...(row.error !== undefined ? { error: row.error } : {}), ...(row.interrupted ? { interrupted: true } : {}) });
    assert.is(exit.code, row.code);
    if (row.message !== undefined) assert.match(exit.message ?? '', row.message);
  });
}
table.run();

const replica = suite('unreachableReplica');
replica('a region without watches is not unreachable; mixed no-answer and refusal is named as both', () => {
  assert.is(unreachableReplica({ outcomes: { b: counts({}) } }), undefined);
  assert.match(unreachableReplica({ outcomes: { b: counts({ errored: 2, refused: 1, noAnswer: 1 }) } }) ?? '', /could not be reached or refused the credentials/);
});
replica.run();
