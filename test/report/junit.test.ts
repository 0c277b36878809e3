import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { foldEvents } from '../../src/report/fold.ts';
import { escapeXml, renderJunit } from '../../src/report/junit.ts';
import { runEvents } from './fixtures.ts';

const esc = suite('escapeXml');
esc('escapes markup and drops characters XML 1.0 forbids', () => {
  assert.is(escapeXml(`a<b>&"c'\u0001\u0009`), 'a&lt;b&gt;&amp;&quot;c&apos;\u0009');
});
esc.run();

/** Element names and attributes of a flat XML document, checked for balance. */
function elements(xml: string): { name: string; attrs: Record<string, string> }[] {
  const out: { name: string; attrs: Record<string, string> }[] = [];
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z-]+)((?:\s+[A-Za-z]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name = '', attrText = '', selfClose] = m;
    if (close) {
      assert.is(stack.pop(), name, `closing </${name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([A-Za-z]+)="([^"]*)"/g)) attrs[a[1] ?? ''] = a[2] ?? '';
    out.push({ name, attrs });
    if (!selfClose) stack.push(name);
  }
  assert.equal(stack, [], 'every element closed');
  return out;
}

const junit = suite('renderJunit');
junit('one testcase per threshold; failures carry the expression, series and actual value', () => {
  const xml = renderJunit(foldEvents(runEvents()));
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="replbench" tests="16" failures="4" errors="0" time="60.000">'));
  const els = elements(xml.replace(/^<\?xml[^>]*\?>\n/, ''));
  const suites = els.filter((e) => e.name === 'testsuite');
  assert.equal(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures]), [
    ['replbench.smoke.thresholds', '6', '3'], ['replbench.smoke.run', '1', '0'], ['replbench.smoke.pulls', '9', '1'],
  ]);
  assert.is(suites[0]?.attrs.timestamp, '2024-01-01T00:00:00');
  const cases = els.filter((e) => e.name === 'testcase');
  assert.is(cases.length, 16);
  assert.is(cases[3]?.attrs.name, 'replication_outcome{region:japaneast}: rate(replicated)&gt;=0.99 [region=japaneast]');
  const failures = els.filter((e) => e.name === 'failure');
  assert.equal(failures.map((f) => f.attrs.message), [
    'threshold failed: replication_lag: med&lt;1ms on *: actual 66ms',
    'threshold failed: replication_outcome{region:japaneast}: rate(replicated)&gt;=0.99 on region=japaneast: actual 98.00%',
    'threshold failed: pull_outcome: rate(ok)==1 (default) on *: actual 98.90%',
    '1 failed pull on endpoint=japaneast,worker=eastus',
  ]);
  assert.match(xml, /type="pull-outcome">ok 10, digest-mismatch 0, error 0, timeout 1, stalled 0, throttled 0<\/failure>/);
  assert.match(xml, />expression: replication_lag: med&lt;1ms\nseries: \*\nactual: 66ms<\/failure>/);
});
junit('an incomplete run fails the "run completed" testcase', () => {
  const events = runEvents().filter((e) => e.type !== 'run-end');
  const xml = renderJunit(foldEvents(events));
  assert.match(xml, /<testcase classname="replbench.smoke.run" name="run completed" time="[\d.]+">\n {6}<failure message="the run did not complete: the log has no run-end record" type="incomplete"\/>/);
  assert.match(xml, /<testsuites name="replbench" tests="16" failures="5"/);
});
junit('same report, same bytes', () => {
  assert.is(renderJunit(foldEvents(runEvents())), renderJunit(foldEvents(runEvents())));
});
junit.run();
