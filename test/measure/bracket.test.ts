import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { arrivalBracket, ComponentBracket } from '../../src/measure/bracket.ts';

const probe = (sentAtMs: number, atMs: number) => ({ sentAtMs, atMs });

const component = suite('ComponentBracket');
component('keeps the latest miss and the earliest hit, corrected by the one-way delay', () => {
  const c = new ComponentBracket();
  c.recordMiss(probe(100, 120), 10);
  c.recordMiss(probe(50, 70), 10);
  assert.not.ok(c.confirmed);
  c.recordHit(probe(200, 220), 10);
  c.recordHit(probe(150, 170), 10);
  assert.ok(c.confirmed);
  assert.is(c.lastMiss?.boundMs, 110);
  assert.is(c.firstHit?.boundMs, 160);
  assert.is(c.flaps, 0);
});
component('a miss sent after a hit came back drops the hit (flapping replica)', () => {
  const c = new ComponentBracket();
  c.recordHit(probe(100, 120), 5);
  c.recordMiss(probe(130, 150), 5);
  assert.not.ok(c.confirmed);
  assert.is(c.flaps, 1);
  assert.ok(c.lastObservedMiss);
  // An answer to a probe sent before that miss is stale and changes nothing.
  c.recordHit(probe(90, 125), 5);
  assert.not.ok(c.confirmed);
  c.recordHit(probe(200, 220), 5);
  assert.ok(c.confirmed);
  assert.not.ok(c.lastObservedMiss);
});
component('overlapping probes answered out of order are not a flap', () => {
  const c = new ComponentBracket();
  c.recordHit(probe(120, 140), 5);
  c.recordMiss(probe(100, 150), 5);
  assert.ok(c.confirmed);
  assert.is(c.flaps, 0);
});
component.run();

const bracket = suite('arrivalBracket');
bracket('undefined until every component is confirmed', () => {
  const m = new ComponentBracket();
  const b = new ComponentBracket();
  m.recordHit(probe(100, 110), 5);
  assert.is(arrivalBracket([m, b], 0), undefined);
});
bracket('from the latest miss of any component to the latest first hit', () => {
  const m = new ComponentBracket();
  const b = new ComponentBracket();
  m.recordMiss(probe(100, 110), 5);
  m.recordHit(probe(120, 130), 5);
  b.recordMiss(probe(130, 140), 5);
  b.recordHit(probe(150, 160), 5);
  assert.equal(arrivalBracket([m, b], 0), { fromMs: 135, toMs: 155 });
});
bracket('nothing missed: from the commit point', () => {
  const m = new ComponentBracket();
  m.recordHit(probe(100, 110), 5);
  assert.equal(arrivalBracket([m], 40), { fromMs: 40, toMs: 105 });
});
bracket('crossed ends (delay overestimated) fall back to the raw probe times', () => {
  const m = new ComponentBracket();
  m.recordHit(probe(100, 200), 40); // looked by 160
  m.recordMiss(probe(130, 250), 40); // looked from 170: crossed, so the estimate was too high
  assert.ok(m.confirmed);
  assert.equal(arrivalBracket([m], 0), { fromMs: 130, toMs: 200 });
});
bracket('a hit before the commit point collapses onto it', () => {
  const m = new ComponentBracket();
  m.recordHit(probe(10, 20), 2);
  assert.equal(arrivalBracket([m], 100), { fromMs: 100, toMs: 100 });
});
bracket.run();
