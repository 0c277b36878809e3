import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import {
  matchesSelector,
  parseSeriesKey,
  seriesKey,
  seriesToken,
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

const token = suite('seriesToken');
token('the series key with + for the comma: one spelling for file names and hlog tags', () => {
  assert.is(seriesToken('endpoint=westeurope,worker=eastus'), 'endpoint=westeurope+worker=eastus');
  assert.is(seriesToken('region=westeurope'), 'region=westeurope');
  assert.is(seriesToken(''), 'all');
});
token('safe on any file system and free of what hlog readers split on', () => {
  assert.is(seriesToken('region=a/b:c d'), 'region=a_b_c_d');
  assert.is(seriesToken('endpoint=eastus,storage=127.0.0.1:10001,worker=eastus'), 'endpoint=eastus+storage=127.0.0.1_10001+worker=eastus');
  for (const t of [seriesToken('endpoint=a b,worker=c\td'), seriesToken('region=x,y=z')]) assert.ok(/^[A-Za-z0-9_.=+-]+$/.test(t), t);
});
token.run();
