import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseK6Line, parseK6TimeUs } from '../../src/dist/k6-ndjson.ts';
import { k6Metric, k6Point } from './k6-fixtures.ts';

const WANTED = new Set(['http_req_duration', 'vus']);

const line = suite('parseK6Line');
line('reads the Metric and Point lines of k6\'s documentation', () => {
  // The examples of k6's docs (Results output → JSON), verbatim in shape.
  assert.equal(parseK6Line('{"type":"Metric","data":{"type":"gauge","contains":"default","tainted":null,"thresholds":[],"submetrics":null},"metric":"vus"}', WANTED), {
    kind: 'metric',
    metric: 'vus',
    type: 'gauge',
  });
  assert.equal(parseK6Line('{"type":"Point","data":{"time":"2017-05-09T14:34:45.625742514+02:00","value":5,"tags":null},"metric":"vus"}', WANTED), {
    kind: 'point',
    metric: 'vus',
    timeUs: Date.UTC(2017, 4, 9, 12, 34, 45) * 1000 + 625742,
    value: 5,
    tags: {},
  });
  const p = parseK6Line(
    '{"type":"Point","data":{"time":"2017-05-09T14:34:45.239531499+02:00","value":459.865729,"tags":{"group":"::my group::json","method":"GET","status":"200","url":"https://httpbin.test.k6.io/get"}},"metric":"http_req_duration"}',
    WANTED,
  );
  assert.equal(p, {
    kind: 'point',
    metric: 'http_req_duration',
    timeUs: Date.UTC(2017, 4, 9, 12, 34, 45) * 1000 + 239531,
    value: 459.865729,
    tags: { group: '::my group::json', method: 'GET', status: '200', url: 'https://httpbin.test.k6.io/get' },
  });
});
line('skips metrics not asked for without parsing them, blank lines and unknown record types', () => {
  assert.equal(parseK6Line(k6Point('http_req_blocked', '2026-01-01T00:00:00Z', 1, null), WANTED), { kind: 'skipped' });
  assert.equal(parseK6Line('{"metric":"data_sent", this is not even JSON', WANTED), { kind: 'skipped' });
  assert.equal(parseK6Line('   ', WANTED), { kind: 'skipped' });
  assert.equal(parseK6Line('{"type":"Summary","data":{},"metric":"vus"}', WANTED), { kind: 'skipped' });
  assert.equal(parseK6Line(k6Metric('vus', 'gauge', 'default'), WANTED), { kind: 'metric', metric: 'vus', type: 'gauge' });
});
line('field order does not matter; non-string tag values are stringified, nulls dropped', () => {
  const text = '{"metric":"vus","data":{"tags":{"n":3,"gone":null},"value":1,"time":"2026-01-01T00:00:00Z"},"type":"Point"}';
  assert.equal(parseK6Line(text, WANTED), { kind: 'point', metric: 'vus', timeUs: Date.UTC(2026, 0, 1) * 1000, value: 1, tags: { n: '3' } });
});
line('says what is wrong with a bad line', () => {
  assert.equal(parseK6Line('{"type":"Point","data":{"time":"2026-01-01T00:00:00Z","value":1,"tags":{}},"metric":"vus"', WANTED), { kind: 'invalid', reason: 'not a JSON object' });
  assert.equal(parseK6Line('[1,2]', WANTED), { kind: 'invalid', reason: 'not a JSON object' });
  assert.equal(parseK6Line('{"type":"Point","data":{}}', WANTED), { kind: 'invalid', reason: 'no "metric" name' });
  assert.match(JSON.stringify(parseK6Line(k6Point('vus', 'yesterday', 1, null), WANTED)), /vus point: \\"time\\" is not an RFC 3339 timestamp/);
  assert.match(JSON.stringify(parseK6Line('{"type":"Point","data":{"time":"2026-01-01T00:00:00Z","value":"5"},"metric":"vus"}', WANTED)), /"value\\" is not a number/);
});
line.run();

const time = suite('parseK6TimeUs');
time('keeps microseconds of nanosecond timestamps and applies the offset', () => {
  const base = Date.UTC(2026, 10, 22, 9, 0, 1) * 1000;
  assert.is(parseK6TimeUs('2026-11-22T10:00:01.123456789+01:00'), base + 123456);
  assert.is(parseK6TimeUs('2026-11-22T09:00:01.123456789Z'), base + 123456);
  assert.is(parseK6TimeUs('2026-11-22T04:30:01.5-04:30'), base + 500000);
  assert.is(parseK6TimeUs('2026-11-22T09:00:01Z'), base);
});
time('is null for what is not RFC 3339', () => {
  for (const bad of ['', '2026-11-22', '2026-11-22T09:00:01', '2026-13-01T00:00:00Z', '22/11/2026 09:00', '2026-11-22T25:00:00Z']) {
    assert.is(parseK6TimeUs(bad), null, bad);
  }
});
time.run();
