/**
 * The coordinator ↔ worker protocol, version 1.
 *
 * Transport: the worker opens ONE HTTP/1.1 request to the coordinator,
 *
 *   GET /replbench/worker HTTP/1.1
 *   Connection: Upgrade
 *   Upgrade: replbench-ndjson
 *   Authorization: Bearer <shared token>
 *
 * and the coordinator, once the token matches (constant time,
 * token-compare.ts), answers 101 Switching Protocols; from then on the socket
 * carries newline-delimited JSON both ways, one message per line. Outbound
 * from the worker, so workers behind NAT or in a Kubernetes Job need no
 * inbound port; plain HTTP up to the upgrade, so a Service or an L4 load
 * balancer passes it as is.
 *
 * Every message is an object with `v` (the protocol version) and `type`,
 * validated with zod on arrival; a message of another version, or one that
 * does not parse, is a ProtocolError that ends the connection.
 *
 *   worker → coordinator: hello, time-reply, result, failed, load-interval, health, heartbeat
 *   coordinator → worker: welcome, reject, time-request, task, cancel, heartbeat, bye
 */
import { z } from 'zod';
import { ProtocolError } from '../errors.ts';
import type { HealthInterval } from '../measure/harness-health.ts';
import type { LoadInterval } from '../measure/load-types.ts';
import { loadIntervalSchema, taskResultSchema, taskSchema, type Task, type TaskResult } from './protocol-tasks.ts';

export const PROTOCOL_VERSION = 1;
/** The request path a worker upgrades. */
export const WORKER_PATH = '/replbench/worker';
/** The Upgrade token. */
export const UPGRADE_PROTOCOL = 'replbench-ndjson';
/** Longest line either side accepts (a load interval is a few KiB). */
export const MAX_LINE_BYTES = 8 * 1024 * 1024;

export interface AgentInfo {
  readonly host: string;
  readonly pid: number;
  readonly version: string;
  readonly node: string;
}

type V = { readonly v: typeof PROTOCOL_VERSION };

export type WorkerMessage = V &
  (
    | { readonly type: 'hello'; readonly region: string; readonly agent: AgentInfo }
    | { readonly type: 'time-reply'; readonly id: number; readonly t1: number; readonly t2: number }
    | { readonly type: 'result'; readonly taskId: number; readonly result: TaskResult }
    | { readonly type: 'failed'; readonly taskId: number; readonly code: string; readonly message: string }
    | { readonly type: 'load-interval'; readonly taskId: number; readonly interval: LoadInterval }
    /** The worker's own event-loop delay, loop busy time and CPU, once a second (its clock). */
    | { readonly type: 'health'; readonly interval: HealthInterval }
    | { readonly type: 'heartbeat' }
  );

export type CoordinatorMessage = V &
  (
    | { readonly type: 'welcome'; readonly region: string; readonly heartbeatMs: number }
    | { readonly type: 'reject'; readonly reason: string }
    | { readonly type: 'time-request'; readonly id: number }
    | { readonly type: 'task'; readonly taskId: number; readonly task: Task }
    | { readonly type: 'cancel'; readonly taskId: number }
    | { readonly type: 'heartbeat' }
    | { readonly type: 'bye'; readonly reason: string }
  );

const v = z.literal(PROTOCOL_VERSION);
const id = z.number().int().min(0);
const num = z.number().refine(Number.isFinite, 'expected a finite number');
const text = z.string().max(4096);

const histogram = z.string().max(1024 * 1024);
const healthIntervalSchema = z.object({
  startMs: num,
  lengthMs: num.refine((x) => x > 0, 'expected a positive length'),
  loopDelay: histogram,
  loopDelayMaxUs: num,
  cpuUs: num,
  busyUs: num,
  probeLateness: z.record(z.string().max(200), histogram),
  timerLateness: histogram.exactOptional(),
});

const workerMessageSchema: z.ZodType<WorkerMessage> = z.discriminatedUnion('type', [
  z.object({
    v,
    type: z.literal('hello'),
    region: z.string().min(1).max(200),
    agent: z.object({ host: text, pid: id, version: text, node: text }),
  }),
  z.object({ v, type: z.literal('time-reply'), id, t1: num, t2: num }),
  z.object({ v, type: z.literal('result'), taskId: id, result: taskResultSchema }),
  z.object({ v, type: z.literal('failed'), taskId: id, code: text, message: text }),
  z.object({ v, type: z.literal('load-interval'), taskId: id, interval: loadIntervalSchema }),
  z.object({ v, type: z.literal('health'), interval: healthIntervalSchema }),
  z.object({ v, type: z.literal('heartbeat') }),
]);

const coordinatorMessageSchema: z.ZodType<CoordinatorMessage> = z.discriminatedUnion('type', [
  z.object({ v, type: z.literal('welcome'), region: z.string(), heartbeatMs: z.number().positive() }),
  z.object({ v, type: z.literal('reject'), reason: text }),
  z.object({ v, type: z.literal('time-request'), id }),
  z.object({ v, type: z.literal('task'), taskId: id, task: taskSchema }),
  z.object({ v, type: z.literal('cancel'), taskId: id }),
  z.object({ v, type: z.literal('heartbeat') }),
  z.object({ v, type: z.literal('bye'), reason: text }),
]);

function parseWith<T>(schema: z.ZodType<T>, line: string, from: string): T {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ProtocolError(`a message from the ${from} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolError(`a message from the ${from} is not a JSON object`);
  const version = (value as { v?: unknown }).v;
  if (version !== PROTOCOL_VERSION) {
    throw new ProtocolError(`the ${from} speaks protocol version ${JSON.stringify(version ?? null)}, this replbench speaks ${PROTOCOL_VERSION}: run the same replbench version on both sides`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const type = JSON.stringify((value as { type?: unknown }).type ?? null);
    throw new ProtocolError(`a ${type} message from the ${from} is malformed at ${issue?.path.join('.') || '(message)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** One line from a worker (the coordinator's side). */
export function parseWorkerMessage(line: string): WorkerMessage {
  return parseWith(workerMessageSchema, line, 'worker');
}

/** One line from the coordinator (the worker's side). */
export function parseCoordinatorMessage(line: string): CoordinatorMessage {
  return parseWith(coordinatorMessageSchema, line, 'coordinator');
}

/** A message as one line, newline included. */
export function encodeMessage(message: WorkerMessage | CoordinatorMessage): string {
  return `${JSON.stringify(message)}\n`;
}
