import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import {
  compareText,
  fileSafeSeriesKey,
  hlogTag,
  matchesSelector,
  parseSeriesKey,
  seriesKey,
} from '../../src/stats/labels.ts';

const key = suite('seriesKey');
key('sorts labels by name and joins k=v with commas', () => {
  assert.is(seriesKey({ worker: 'eastus', endpoint: 'westeurope' }), 'endpoint=westeurope,worker=eastus');
  assert.is(seriesKey({ region: 'japaneast' }), 'region=japaneast');
  assert.is(seriesKey({}), '');
});
key('is independent of insertion order', () => {
  assert.is(seriesKey({ b: '2', a: '1', c: '3' }), seriesKey({ c: '3', a: '1', b: '2' }));
});
key.run();

const parse = suite('parseSeriesKey');
parse('inverts seriesKey', () => {
  const labels = { endpoint: 'westeurope', worker: 'eastus' };
  assert.equal(parseSeriesKey(seriesKey(labels)), labels);
  assert.equal(parseSeriesKey(''), {});
});
parse('rejects a part without name=value', () => {
  assert.throws(() => parseSeriesKey('region'), (e: unknown) => e instanceof ConfigError && /"region"/.test(e.message));
});
parse.run();

const match = suite('matchesSelector');
match('every selector label must match', () => {
  const labels = { endpoint: 'westeurope', worker: 'eastus' };
  assert.ok(matchesSelector(labels, {}));
  assert.ok(matchesSelector(labels, { worker: 'eastus' }));
  assert.ok(matchesSelector(labels, { worker: 'eastus', endpoint: 'westeurope' }));
  assert.not.ok(matchesSelector(labels, { worker: 'westeurope' }));
  assert.not.ok(matchesSelector(labels, { region: 'eastus' }));
});
match.run();

const safe = suite('fileSafeSeriesKey');
safe('keeps names readable and safe on any file system', () => {
  assert.is(fileSafeSeriesKey('endpoint=westeurope,worker=eastus'), 'endpoint-westeurope+worker-eastus');
  assert.is(fileSafeSeriesKey('region=a/b:c d'), 'region-a_b_c_d');
  assert.is(fileSafeSeriesKey(''), 'all');
});
safe.run();

const tag = suite('hlogTag');
tag('replaces the separators hlog readers split on', () => {
  assert.is(hlogTag('endpoint=westeurope,worker=eastus'), 'endpoint=westeurope;worker=eastus');
  assert.is(hlogTag('region=a b'), 'region=a_b');
});
tag.run();

const cmp = suite('compareText');
cmp('orders by code unit, not locale', () => {
  assert.equal(['b', 'B', 'a', 'A'].sort(compareText), ['A', 'B', 'a', 'b']);
});
cmp.run();
