import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ProtocolError } from '../../src/errors.ts';
import { encodeMessage, parseCoordinatorMessage, parseWorkerMessage, PROTOCOL_VERSION, type CoordinatorMessage, type WorkerMessage } from '../../src/dist/protocol.ts';

const protocolError = (pattern: RegExp) => (e: unknown): boolean => e instanceof ProtocolError && pattern.test(e.message);

const worker = suite('parseWorkerMessage');

worker('round-trips every worker message through one line', () => {
  const messages: WorkerMessage[] = [
    { v: 1, type: 'hello', region: 'eastus', agent: { host: 'h', pid: 1, version: '0.1.0', node: 'v20' } },
    { v: 1, type: 'time-reply', id: 3, t1: 1.5, t2: 1.75 },
    { v: 1, type: 'result', taskId: 4, result: { kind: 'rtt', rtt: { minMs: 1, medianMs: 2, samplesMs: [1, 2, 3] } } },
    { v: 1, type: 'result', taskId: 5, result: { kind: 'watch', result: { outcome: 'replicated', lagMs: 10, uncertaintyMs: 1, lastMissAtMs: 5, firstHitAtMs: 7, probes: 3, throttled: 0, failed: 0 } } },
    { v: 1, type: 'result', taskId: 6, result: { kind: 'pull', results: [{ outcome: 'failed', worker: 'a', endpoint: 'b', image: 'i', phase: 'cold', startedAtMs: 1, code: 'E_TIMEOUT', message: 'slow' }] } },
    { v: 1, type: 'failed', taskId: 7, code: 'E_AUTH', message: 'refused' },
    { v: 1, type: 'load-interval', taskId: 8, interval: { startMs: 1, lengthMs: 1000, histogram: 'x', uncorrected: 'y', requests: 2, status: { '200': 2 }, errors: 0, timeouts: 0 } },
    { v: 1, type: 'heartbeat' },
  ];
  for (const m of messages) {
    const line = encodeMessage(m);
    assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
    assert.equal(parseWorkerMessage(line.trim()), m);
  }
});

worker('another version, non-JSON, unknown types and malformed fields are ProtocolErrors that say so', () => {
  assert.is(PROTOCOL_VERSION, 1);
  assert.throws(() => parseWorkerMessage('{"v":2,"type":"heartbeat"}'), protocolError(/speaks protocol version 2, this replbench speaks 1/));
  assert.throws(() => parseWorkerMessage('{"type":"heartbeat"}'), protocolError(/version null/));
  assert.throws(() => parseWorkerMessage('nope'), protocolError(/not JSON/));
  assert.throws(() => parseWorkerMessage('[1]'), protocolError(/not a JSON object/));
  assert.throws(() => parseWorkerMessage('{"v":1,"type":"shout"}'), protocolError(/"shout" message from the worker is malformed/));
  assert.throws(() => parseWorkerMessage('{"v":1,"type":"time-reply","id":1,"t1":"x","t2":1}'), protocolError(/at t1/));
  assert.throws(() => parseWorkerMessage(JSON.stringify({ v: 1, type: 'result', taskId: 1, result: { kind: 'watch', result: { outcome: 'maybe' } } })), protocolError(/result\.result/));
});

worker.run();

const coordinator = suite('parseCoordinatorMessage');

coordinator('round-trips every coordinator message, tasks included', () => {
  const messages: CoordinatorMessage[] = [
    { v: 1, type: 'welcome', region: 'a', heartbeatMs: 2000 },
    { v: 1, type: 'reject', reason: 'no' },
    { v: 1, type: 'time-request', id: 1 },
    { v: 1, type: 'task', taskId: 1, task: { kind: 'setup', endpoints: { a: { url: 'http://127.0.0.1:1/', host: '127.0.0.1:1', insecure: true, auth: { kind: 'basic', username: 'u', passwordEnv: 'PW' } } }, probeRatePerSecond: null } },
    { v: 1, type: 'task', taskId: 2, task: { kind: 'watch', task: { endpoint: 'a', repo: 'r', digest: 'sha256:x', blobs: ['sha256:y'], commitAtMs: 1e12, oneWayDelayMs: 0.5, timeoutMs: 5000, schedule: { kind: 'adaptive', floorMs: 10, fraction: 0.039, maxIntervalMs: 30_000, prior: { lowMs: 1, medianMs: 2, highMs: 3, samples: 5 } }, probe: 'manifest+blobs' } } },
    { v: 1, type: 'task', taskId: 3, task: { kind: 'pull', task: { endpoint: 'a', image: 'i', repo: 'r', reference: 'sha256:x', pulls: 1 } } },
    { v: 1, type: 'task', taskId: 4, task: { kind: 'load', task: { endpoint: 'a', kind: 'manifest-head', target: { repo: 'r', manifestDigest: 'm', blobDigest: 'b' }, ratePerSec: null, connections: 2, durationMs: 1000 } } },
    { v: 1, type: 'cancel', taskId: 4 },
    { v: 1, type: 'bye', reason: 'done' },
  ];
  for (const m of messages) assert.equal(parseCoordinatorMessage(encodeMessage(m).trim()), m);
});

coordinator('secrets have no field: an endpoint carries an auth reference only', () => {
  const line = JSON.stringify({ v: 1, type: 'task', taskId: 1, task: { kind: 'setup', endpoints: { a: { url: 'http://h/', host: 'h', insecure: false, auth: { kind: 'basic', username: 'u', password: 'p' } } }, probeRatePerSecond: null } });
  assert.throws(() => parseCoordinatorMessage(line), protocolError(/malformed/));
});

coordinator.run();
