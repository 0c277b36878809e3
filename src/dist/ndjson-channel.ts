/**
 * Newline-delimited JSON over an upgraded socket, one message per line, with
 * a liveness check: each side sends a heartbeat every `heartbeatMs` and the
 * peer counts as lost after `lostAfterMs` without any message. The channel
 * closes once — on the peer closing, an error, a malformed or oversized line,
 * silence, or close() — and tells its listener why.
 */
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { describeError, ProtocolError } from '../errors.ts';
import { encodeMessage, MAX_LINE_BYTES, type CoordinatorMessage, type WorkerMessage } from './protocol.ts';

type Message = WorkerMessage | CoordinatorMessage;

export interface ChannelOptions<In> {
  readonly socket: Duplex;
  /** Bytes already read past the upgrade response/request. */
  readonly head?: Buffer;
  readonly parse: (line: string) => In;
  readonly onMessage: (message: In) => void;
  readonly onClose: (reason: string) => void;
  /** Default 2 s. */
  readonly heartbeatMs?: number;
  /** Default 5 × heartbeatMs. */
  readonly lostAfterMs?: number;
}

export const HEARTBEAT_MS = 2000;

export class NdjsonChannel<In extends Message, Out extends Message> {
  readonly #o: ChannelOptions<In>;
  readonly #socket: Duplex;
  #buffer = '';
  readonly #decoder = new StringDecoder('utf8');
  #closed: string | undefined;
  #lastHeardAt = Date.now();
  readonly #timer: NodeJS.Timeout;

  constructor(opts: ChannelOptions<In>) {
    this.#o = opts;
    this.#socket = opts.socket;
    const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
    const lostAfterMs = opts.lostAfterMs ?? 5 * heartbeatMs;
    // Not socket.setEncoding(): an upgraded HTTP server socket refuses it. A StringDecoder keeps split UTF-8 sequences whole.
    this.#socket.on('data', (chunk: string | Buffer) => this.#receive(typeof chunk === 'string' ? chunk : this.#decoder.write(chunk)));
    this.#socket.on('end', () => this.close('the peer closed the connection'));
    this.#socket.on('close', () => this.close('the connection closed'));
    this.#socket.on('error', (err: unknown) => this.close(`connection error: ${describeError(err)}`));
    this.#timer = setInterval(() => {
      if (Date.now() - this.#lastHeardAt > lostAfterMs) this.close(`no message for ${Math.round(lostAfterMs / 1000)} s`);
      else this.send({ v: 1, type: 'heartbeat' } as Out);
    }, heartbeatMs);
    this.#timer.unref();
    const head = opts.head;
    if (head !== undefined && head.length > 0) queueMicrotask(() => this.#receive(this.#decoder.write(head)));
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /** Why it closed (undefined while open). */
  get closeReason(): string | undefined {
    return this.#closed;
  }

  /** Writes one message; false when the channel is closed. */
  send(message: Out): boolean {
    if (this.#closed !== undefined) return false;
    this.#socket.write(encodeMessage(message));
    return true;
  }

  /** Closes the channel (idempotent); the listener hears `reason` once. */
  close(reason: string): void {
    if (this.#closed !== undefined) return;
    this.#closed = reason;
    clearInterval(this.#timer);
    this.#socket.end();
    setTimeout(() => this.#socket.destroy(), 1000).unref();
    this.#o.onClose(reason);
  }

  #receive(chunk: string): void {
    if (this.#closed !== undefined) return;
    this.#lastHeardAt = Date.now();
    this.#buffer += chunk;
    let nl: number;
    while ((nl = this.#buffer.indexOf('\n')) >= 0 && this.#closed === undefined) {
      const line = this.#buffer.slice(0, nl);
      this.#buffer = this.#buffer.slice(nl + 1);
      if (line.trim() === '') continue;
      let message: In;
      try {
        message = this.#o.parse(line);
      } catch (err: unknown) {
        this.close(err instanceof ProtocolError ? err.message : `unreadable message: ${describeError(err)}`);
        return;
      }
      if (message.type !== 'heartbeat') this.#o.onMessage(message);
    }
    if (this.#buffer.length > MAX_LINE_BYTES) this.close(`a message longer than ${MAX_LINE_BYTES} bytes`);
  }
}
