import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LoadRecorder } from '../../src/measure/load-recorder.ts';
import { decodeHistogram } from '../../src/stats/histogram-factory.ts';

const recorder = suite('LoadRecorder');

recorder('records µs with fractions of ms kept, corrected beside uncorrected', () => {
  let t = 0;
  const r = new LoadRecorder(10_000, () => t);
  r.response(200, 0.25);
  r.response(200, 45.5); // 45.5 ms with a 10 ms plan: synthetic 35.5, 25.5, 15.5 ms
  r.response(503, 1);
  t = 1000;
  const i = r.cut();
  assert.equal({ startMs: i.startMs, lengthMs: i.lengthMs, requests: i.requests, status: i.status }, { startMs: 0, lengthMs: 1000, requests: 3, status: { '200': 2, '503': 1 } });
  const u = decodeHistogram(i.uncorrected);
  const c = decodeHistogram(i.histogram);
  assert.is(u.totalCount, 3);
  assert.is(u.minNonZeroValue, 250);
  assert.is(c.totalCount, 6);
  assert.ok(Math.abs(c.getValueAtPercentile(50) - 15_500) < 50);
});

recorder('cut() starts the next interval; totals hold everything; failures count apart from responses', () => {
  let t = 5;
  const r = new LoadRecorder(null, () => t);
  r.response(200, 2);
  t = 10;
  r.cut();
  assert.not.ok(r.pending);
  r.failure(true);
  r.failure(false);
  assert.ok(r.pending);
  t = 20;
  const second = r.cut();
  assert.equal([second.startMs, second.lengthMs, second.requests, second.errors, second.timeouts], [10, 10, 0, 1, 1]);
  const totals = r.totals();
  assert.equal([totals.requests, totals.errors, totals.timeouts], [1, 1, 1]);
  // Flat out: both histograms hold the same values.
  assert.is(decodeHistogram(totals.histogram).totalCount, 1);
  assert.is(decodeHistogram(totals.uncorrected).totalCount, 1);
});

recorder.run();
