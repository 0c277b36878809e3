import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { StalledError, TimeoutError } from '../../src/errors.ts';
import { TRANSFER_DEFAULTS, TransferWatch, type TransferLimits, type WatchedBody } from '../../src/oci/transfer-watch.ts';

/** A stand-in for undici's response body: push() and a close event. */
class FakeBody extends EventEmitter implements WatchedBody {
  destroyed = false;
  readonly pushed: unknown[] = [];
  push(chunk: unknown): boolean {
    this.pushed.push(chunk);
    if (chunk === null) {
      this.destroyed = true;
      this.emit('close');
    }
    return true;
  }
}

const limits = (l: Partial<TransferLimits>): TransferLimits => ({ ...TRANSFER_DEFAULTS, ...l });
const watchOf = (l: Partial<TransferLimits>, signal?: AbortSignal): TransferWatch => new TransferWatch(limits(l), { what: 'GET /v2/r/blobs/x', peer: 'http://127.0.0.1:1', signal });

const deadline = suite('TransferWatch deadline');
deadline('aborts its signal with a TimeoutError naming the request, the peer, the deadline and the progress', async () => {
  const w = watchOf({ deadlineMs: 50 });
  w.attempt('GET /v2/r/blobs/x', 'http://127.0.0.1:1');
  await sleep(200);
  assert.ok(w.signal.aborted);
  assert.instance(w.failure, TimeoutError);
  assert.is(w.signal.reason, w.failure);
  assert.is(w.failure?.message, 'GET /v2/r/blobs/x: no complete answer from http://127.0.0.1:1 within the 50 ms request deadline (waiting for the response headers)');
});
deadline('a finished request is never aborted; remainingMs counts down from the deadline', async () => {
  const w = watchOf({ deadlineMs: 50 });
  assert.ok(w.remainingMs() <= 50 && w.remainingMs() > 0);
  const body = new FakeBody();
  w.receive(body, '3');
  w.settle();
  body.push(Buffer.from('abc'));
  body.push(null);
  await sleep(150);
  assert.not.ok(w.signal.aborted);
  assert.is(w.failure, undefined);
  assert.is(w.receivedBytes, 3);
});
deadline('spans attempts: a body that ends before settle() does not end the watch', async () => {
  const w = watchOf({ deadlineMs: 80 });
  const first = new FakeBody();
  w.receive(first, undefined);
  first.push(null); // a 429 discarded before the retry
  w.attempt('GET /v2/r/blobs/x', 'http://127.0.0.1:1');
  await sleep(250);
  assert.instance(w.failure, TimeoutError);
  assert.match(w.failure?.message ?? '', /waiting for the response headers/);
});
deadline('the caller signal aborts it too, without a verdict of its own', () => {
  const caller = new AbortController();
  const w = watchOf({}, caller.signal);
  caller.abort();
  assert.ok(w.signal.aborted);
  assert.is(w.failure, undefined);
  w.finish();
});
deadline.run();

const rate = suite('TransferWatch minimum rate');
rate('a response body below the rate for a whole window is stalled, with what arrived of what was announced', async () => {
  const w = watchOf({ minRateBytesPerSec: 1000, stallWindowMs: 50 });
  const body = new FakeBody();
  w.receive(body, '5000');
  body.push(Buffer.alloc(10));
  await sleep(200);
  assert.instance(w.failure, StalledError);
  const err = w.failure as StalledError;
  assert.is(err.stallWindowMs, 50);
  assert.is(err.minRateBytesPerSec, 1000);
  assert.match(err.message, /^GET \/v2\/r\/blobs\/x: stalled receiving the response body from http:\/\/127\.0\.0\.1:1: \d+ bytes in 50 ms, below the minimum rate of 1000 B\/s \(10 of 5000 bytes received\)$/);
  assert.ok(w.signal.aborted);
});
rate('a body that keeps moving above the rate is not stalled', async () => {
  const w = watchOf({ minRateBytesPerSec: 1, stallWindowMs: 100 });
  const body = new FakeBody();
  w.receive(body, undefined);
  for (let i = 0; i < 30; i++) {
    body.push(Buffer.alloc(1024));
    await sleep(10);
  }
  assert.is(w.failure, undefined);
  w.settle();
  body.push(null);
});
rate('waiting for headers is not a stall (the deadline bounds it); minRate 0 turns the check off', async () => {
  const waiting = watchOf({ minRateBytesPerSec: 1_000_000, stallWindowMs: 30 });
  const off = watchOf({ minRateBytesPerSec: 0, stallWindowMs: 30 });
  off.receive(new FakeBody(), undefined);
  await sleep(150);
  assert.is(waiting.failure, undefined);
  assert.is(off.failure, undefined);
  waiting.finish();
  off.finish();
});
rate('a request body counts as it is pulled; one that crawls is stalled while sending', async () => {
  const w = watchOf({ minRateBytesPerSec: 1000, stallWindowMs: 50 });
  async function* crawl(): AsyncIterable<Uint8Array> {
    yield Buffer.alloc(5);
    await sleep(300);
    yield Buffer.alloc(5);
  }
  const body = w.body(crawl()) as AsyncIterable<Uint8Array>;
  const it = body[Symbol.asyncIterator]();
  await it.next();
  await sleep(200);
  assert.instance(w.failure, StalledError);
  assert.match(w.failure?.message ?? '', /stalled sending the request body to http:\/\/127\.0\.0\.1:1: \d+ bytes in 50 ms.*\(5 bytes sent\)/);
  await it.return?.();
});
rate.run();
