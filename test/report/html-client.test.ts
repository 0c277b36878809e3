import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CLIENT_SCRIPT } from '../../src/report/html-client.ts';

const client = suite('CLIENT_SCRIPT');
client('is valid JavaScript that reads the embedded data and marks the page rendered', () => {
  assert.not.throws(() => new Function(CLIENT_SCRIPT));
  assert.match(CLIENT_SCRIPT, /getElementById\('replbench-data'\)/);
  assert.match(CLIENT_SCRIPT, /setAttribute\('data-rendered', 'ok'\)/);
  assert.match(CLIENT_SCRIPT, /distr: 3, log: 10/);
});
client('uses no network API', () => {
  assert.not.match(CLIENT_SCRIPT, /fetch\(|XMLHttpRequest|WebSocket|import\(|https?:/);
});
client.run();
