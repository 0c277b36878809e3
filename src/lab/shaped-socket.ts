/**
 * A Duplex around an accepted TCP socket that makes it behave like a long
 * link: every byte is delayed by half the RTT in each direction (so one
 * request/response round trip costs one RTT), and with a bandwidth cap bytes
 * are paced out at that rate, as on a real pipe (transmission time, then
 * propagation delay). Delays run on one shared precise clock queue, not one
 * timer per chunk.
 *
 * Memory is bounded per direction by `windowBytes` (queued, not yet
 * delivered): past it the upstream is paused (inbound) or the writer's
 * callback waits (outbound), much as a TCP window limits bytes in flight.
 * A node:http server is fed with `server.emit('connection', shaped)`.
 * The TCP handshake itself is not delayed.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import type { Clock } from '../time/clock.ts';
import type { LinkParams } from './link.ts';

export interface ShapedSocketOptions {
  readonly clock: Clock;
  /** The link in force now (read per chunk, so run-time faults apply to open connections). */
  readonly link: () => LinkParams;
  readonly windowBytes?: number;
}

/** Pieces this size or smaller keep pacing smooth under a bandwidth cap. */
const PACE_PIECE_BYTES = 16 * 1024;
const DEFAULT_WINDOW_BYTES = 8 * 1024 * 1024;

interface Direction {
  /** Last scheduled delivery time: deliveries stay in order even when the RTT changes. */
  dueMs: number;
  /** When the (virtual) transmitter is free again, under a bandwidth cap. */
  txFreeMs: number;
  queuedBytes: number;
}

export class ShapedSocket extends Duplex {
  readonly raw: Socket;
  private readonly clock: Clock;
  private readonly link: () => LinkParams;
  private readonly windowBytes: number;
  private readonly inbound: Direction = { dueMs: 0, txFreeMs: 0, queuedBytes: 0 };
  private readonly outbound: Direction = { dueMs: 0, txFreeMs: 0, queuedBytes: 0 };
  private dead = false;
  private readPaused = false;
  private pendingWrite: { cb: (err?: Error | null) => void; notBeforeMs: number } | undefined;

  constructor(raw: Socket, opts: ShapedSocketOptions) {
    super({ allowHalfOpen: false });
    this.raw = raw;
    this.clock = opts.clock;
    this.link = opts.link;
    this.windowBytes = opts.windowBytes ?? DEFAULT_WINDOW_BYTES;
    raw.setNoDelay(true);
    raw.on('data', (chunk: Buffer) => this.onRawData(chunk));
    raw.on('end', () => this.schedule(this.inbound, 0, () => this.push(null)));
    raw.on('error', (err) => this.destroy(err));
    raw.on('close', () => this.destroy());
    raw.on('drain', () => this.releaseWrite());
    raw.on('timeout', () => this.emit('timeout'));
  }

  get remoteAddress(): string | undefined {
    return this.raw.remoteAddress;
  }
  get remotePort(): number | undefined {
    return this.raw.remotePort;
  }
  get remoteFamily(): string | undefined {
    return this.raw.remoteFamily;
  }
  get localAddress(): string | undefined {
    return this.raw.localAddress;
  }
  get localPort(): number | undefined {
    return this.raw.localPort;
  }
  address(): ReturnType<Socket['address']> {
    return this.raw.address();
  }
  setTimeout(ms: number, cb?: () => void): this {
    this.raw.setTimeout(ms);
    if (cb) this.once('timeout', cb);
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(enable?: boolean, delayMs?: number): this {
    this.raw.setKeepAlive(enable, delayMs);
    return this;
  }
  ref(): this {
    this.raw.ref();
    return this;
  }
  unref(): this {
    this.raw.unref();
    return this;
  }

  /** Schedules `fn` after `bytes` have crossed the link in `dir`; returns when transmission ends. */
  private schedule(dir: Direction, bytes: number, fn: () => void): number {
    const now = this.clock.now();
    const link = this.link();
    let txEndMs = now;
    if (link.bandwidthBytesPerSec !== undefined && bytes > 0) {
      txEndMs = Math.max(now, dir.txFreeMs) + (bytes * 1000) / link.bandwidthBytesPerSec;
      dir.txFreeMs = txEndMs;
    }
    dir.dueMs = Math.max(dir.dueMs, txEndMs + link.rttMs / 2);
    dir.queuedBytes += bytes;
    this.clock.at(dir.dueMs, () => {
      dir.queuedBytes -= bytes;
      if (!this.dead) fn();
    });
    return txEndMs;
  }

  private onRawData(chunk: Buffer): void {
    for (const piece of this.pieces(chunk)) {
      this.schedule(this.inbound, piece.length, () => {
        if (!this.push(piece)) this.readPaused = true;
        this.maybeResumeRaw();
      });
    }
    if (this.inbound.queuedBytes > this.windowBytes) this.raw.pause();
  }

  private maybeResumeRaw(): void {
    if (!this.readPaused && this.inbound.queuedBytes <= this.windowBytes && this.raw.isPaused()) this.raw.resume();
  }

  override _read(): void {
    this.readPaused = false;
    this.maybeResumeRaw();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    let txEndMs = 0;
    for (const piece of this.pieces(chunk)) {
      txEndMs = this.schedule(this.outbound, piece.length, () => {
        this.raw.write(piece);
        this.releaseWrite();
      });
    }
    this.pendingWrite = { cb, notBeforeMs: txEndMs };
    if (txEndMs > this.clock.now()) this.clock.at(txEndMs, () => this.releaseWrite());
    else this.releaseWrite();
  }

  /** Lets the writer go on once its bytes are transmitted and the window has room. */
  private releaseWrite(): void {
    const pending = this.pendingWrite;
    if (pending === undefined || this.dead) return;
    if (this.clock.now() < pending.notBeforeMs) return;
    if (this.outbound.queuedBytes + this.raw.writableLength > this.windowBytes) return;
    this.pendingWrite = undefined;
    pending.cb();
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.schedule(this.outbound, 0, () => {
      this.raw.end();
      cb();
    });
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.dead = true;
    const pending = this.pendingWrite;
    this.pendingWrite = undefined;
    if (!this.raw.destroyed) this.raw.destroy();
    pending?.cb(err ?? new Error('socket destroyed'));
    cb(err);
  }

  private pieces(chunk: Buffer): Buffer[] {
    if (this.link().bandwidthBytesPerSec === undefined || chunk.length <= PACE_PIECE_BYTES) return [chunk];
    const out: Buffer[] = [];
    for (let i = 0; i < chunk.length; i += PACE_PIECE_BYTES) out.push(chunk.subarray(i, i + PACE_PIECE_BYTES));
    return out;
  }
}
