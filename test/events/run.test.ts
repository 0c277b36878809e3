import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { errorCodeOf, errorRecord, parseEvent } from '../../src/events/index.ts';

const errors = suite('errorCodeOf, errorRecord');

errors('a ReplbenchError keeps its stable code; anything else is E_UNEXPECTED', () => {
  assert.is(errorCodeOf(new ConfigError('bad')), 'E_CONFIG');
  assert.is(errorCodeOf(new Error('boom')), 'E_UNEXPECTED');
  assert.is(errorCodeOf('a string'), 'E_UNEXPECTED');
});

errors('the record: code, one-line message, phase and labels, in the order events.jsonl has always written them', () => {
  const record = errorRecord(new ConfigError('bad'), 'pull', { worker: 'eastus' });
  assert.is(JSON.stringify(record), '{"type":"error","code":"E_CONFIG","message":"bad","phase":"pull","labels":{"worker":"eastus"}}');
  const parsed = parseEvent({ ...record, t: 5 });
  assert.is(parsed.kind, 'event');
});

errors.run();
