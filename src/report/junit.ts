/**
 * junit.xml: thresholds as JUnit test cases, for CI test-result viewers (GitHub,
 * GitLab, Jenkins, Azure Pipelines). One testsuite "thresholds" with a testcase per
 * threshold (name = expression and series; a failure carries the expression, the
 * series and the actual value), and one testsuite "run" with a testcase that fails
 * when the run did not complete, and one testsuite "pulls" with a testcase per
 * worker × endpoint holding its pull outcomes (ok, digest-mismatch, error,
 * timeout, throttled), failed when it had failed pulls and a pull_outcome
 * threshold (the default included) failed. Pure and deterministic.
 */
import { thresholdActualText } from './format.ts';
import { failuresOf, type OutcomeSeries } from './pull-outcomes.ts';
import type { Report, ThresholdResult } from './report.ts';

export const JUNIT_FILE = 'junit.xml';

/** Text safe in XML content and double-quoted attributes; characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function renderJunit(report: Report): string {
  const seconds = durationSeconds(report);
  const failed = report.thresholds.filter((t) => !t.ok).length;
  const pulls = Object.entries(report.pullOutcomes);
  const pullGateFailed = report.thresholds.some((t) => !t.ok && t.expr.startsWith('pull_outcome'));
  const pullFailed = pullGateFailed ? pulls.filter(([, p]) => failuresOf(p.counts) > 0).length : 0;
  const total = report.thresholds.length + 1 + pulls.length;
  const failures = failed + (report.complete ? 0 : 1) + pullFailed;
  const suiteName = `replbench.${report.scenario || 'run'}`;
  const stamp = report.startedAt.replace(/\.\d+Z$|Z$/, '');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="replbench" tests="${total}" failures="${failures}" errors="0" time="${seconds}">`,
    `  <testsuite name="${escapeXml(`${suiteName}.thresholds`)}" tests="${report.thresholds.length}" failures="${failed}" errors="0" skipped="0" timestamp="${escapeXml(stamp)}" time="${seconds}">`,
    '    <properties>',
    `      <property name="runId" value="${escapeXml(report.runId)}"/>`,
    `      <property name="scenario" value="${escapeXml(report.scenario)}"/>`,
    `      <property name="complete" value="${String(report.complete)}"/>`,
    '    </properties>',
    ...report.thresholds.map((t) => testcase(suiteName, t)),
    '  </testsuite>',
    `  <testsuite name="${escapeXml(`${suiteName}.run`)}" tests="1" failures="${report.complete ? 0 : 1}" errors="0" skipped="0" timestamp="${escapeXml(stamp)}" time="${seconds}">`,
    `    <testcase classname="${escapeXml(`${suiteName}.run`)}" name="run completed" time="${seconds}">`,
    ...(report.complete ? [] : [
      `      <failure message="${escapeXml(`the run did not complete: ${report.interrupted ?? 'unknown reason'}`)}" type="incomplete"/>`,
    ]),
    '    </testcase>',
    '  </testsuite>',
    ...(pulls.length === 0 ? [] : [
      `  <testsuite name="${escapeXml(`${suiteName}.pulls`)}" tests="${pulls.length}" failures="${pullFailed}" errors="0" skipped="0" timestamp="${escapeXml(stamp)}" time="${seconds}">`,
      ...pulls.map(([key, p]) => pullCase(suiteName, key, p, pullGateFailed)),
      '  </testsuite>',
    ]),
    '</testsuites>',
    '',
  ];
  return lines.join('\n');
}

function testcase(suiteName: string, t: ThresholdResult): string {
  const name = `${t.expr} [${t.series}]`;
  const open = `    <testcase classname="${escapeXml(`${suiteName}.thresholds`)}" name="${escapeXml(name)}" time="0">`;
  if (t.ok) return `${open}\n      <system-out>${escapeXml(`actual: ${thresholdActualText(t)}`)}</system-out>\n    </testcase>`;
  const actual = thresholdActualText(t);
  const message = `threshold failed: ${t.expr} on ${t.series}: actual ${actual}`;
  const body = `expression: ${t.expr}\nseries: ${t.series}\nactual: ${actual}`;
  return `${open}\n      <failure message="${escapeXml(message)}" type="threshold">${escapeXml(body)}</failure>\n    </testcase>`;
}

/** `ok 30, digest-mismatch 15, error 0, timeout 0, throttled 0`. */
export function outcomeCountsText(counts: OutcomeSeries['counts']): string {
  return Object.entries(counts).map(([o, n]) => `${o} ${n}`).join(', ');
}

function pullCase(suiteName: string, key: string, p: OutcomeSeries, gateFailed: boolean): string {
  const open = `    <testcase classname="${escapeXml(`${suiteName}.pulls`)}" name="${escapeXml(`pulls ${key}`)}" time="0">`;
  const text = outcomeCountsText(p.counts);
  const failures = failuresOf(p.counts);
  if (!gateFailed || failures === 0) return `${open}\n      <system-out>${escapeXml(text)}</system-out>\n    </testcase>`;
  const message = `${failures} failed pull${failures === 1 ? '' : 's'} on ${key}`;
  return `${open}\n      <failure message="${escapeXml(message)}" type="pull-outcome">${escapeXml(text)}</failure>\n    </testcase>`;
}

function durationSeconds(r: Report): string {
  const ms = Date.parse(r.finishedAt) - Date.parse(r.startedAt);
  return Number.isFinite(ms) && ms >= 0 ? (ms / 1000).toFixed(3) : '0.000';
}
