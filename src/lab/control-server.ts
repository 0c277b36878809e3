/**
 * The lab-only control endpoint, on its own loopback port (never shaped):
 *
 *   GET    /regions                       regions, modes, endpoints per client region
 *   GET    /faults                        faults in force
 *   POST   /faults        {kind, region…} add a fault (see fault-spec.ts) → 201 {id}
 *   DELETE /faults[?region=R]             clear all faults (of one region)
 *   DELETE /faults/<id>                   clear one fault
 *   GET    /ground-truth[?repo=&digest=&region=]   entries with epoch µs instants
 *   GET    /status                        pending replication work, webhook counters
 *   POST   /crash                         end the lab at once, as a crash would (chaos: a lab
 *                                         that dies mid-run); 202, or 409 when the lab shares
 *                                         the harness's process and would take it down too
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { describeError, ReplbenchError } from '../errors.ts';
import { configErrorMap, issuesToConfigError } from '../config/issues.ts';
import { faultSpecSchema, type FaultSpec } from './fault-spec.ts';
import type { ActiveFault } from './faults.ts';
import { groundTruthJson, type GroundTruthEntry } from './ground-truth.ts';

export interface ControlApi {
  regions(): unknown;
  status(): unknown;
  faults(): readonly ActiveFault[];
  /** Throws ConfigError for a fault naming an unknown region. */
  addFault(spec: FaultSpec): ActiveFault;
  removeFault(id: string): boolean;
  clearFaults(region?: string): number;
  groundTruth(filter: { repo?: string; digest?: string; region?: string }): readonly GroundTruthEntry[];
  toEpochMs(nowMs: number): number;
  now(): number;
  /** End the lab abruptly (only where that does not end the harness: a lab in its own thread or process). */
  crash?(): void;
}

const MAX_BODY_BYTES = 64 * 1024;

export async function startControlServer(api: ControlApi, opts: { host?: string; port?: number } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    handle(api, req, res).catch((err: unknown) => send(res, 500, { error: describeError(err) }));
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: opts.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = addr !== null && typeof addr === 'object' ? addr.port : 0;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(api: ControlApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://control.invalid');
  const method = req.method ?? 'GET';
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const q = (name: string): string | undefined => url.searchParams.get(name) ?? undefined;
  if (method === 'GET' && (path === '/' || path === '/regions')) return send(res, 200, api.regions());
  if (method === 'GET' && path === '/status') return send(res, 200, api.status());
  if (method === 'GET' && path === '/faults') return send(res, 200, { faults: api.faults() });
  if (method === 'POST' && path === '/faults') {
    const body = await readJson(req);
    if (!body.ok) return send(res, 400, { error: body.error });
    const parsed = faultSpecSchema.safeParse(body.value, { error: configErrorMap });
    if (!parsed.success) return send(res, 400, { error: issuesToConfigError('fault', parsed.error.issues, body.value).message });
    try {
      return send(res, 201, api.addFault(parsed.data));
    } catch (err: unknown) {
      if (err instanceof ReplbenchError) return send(res, 400, { error: err.message });
      throw err;
    }
  }
  if (method === 'DELETE' && path === '/faults') return send(res, 200, { removed: api.clearFaults(q('region')) });
  const one = /^\/faults\/([^/]+)$/.exec(path);
  if (method === 'DELETE' && one) {
    return api.removeFault(decodeURIComponent(one[1] as string)) ? send(res, 200, { removed: 1 }) : send(res, 404, { error: 'no such fault' });
  }
  if (method === 'GET' && path === '/ground-truth') {
    const filter = { ...opt('repo', q('repo')), ...opt('digest', q('digest')), ...opt('region', q('region')) };
    const entries = api.groundTruth(filter).map((e) => groundTruthJson(e, (t) => api.toEpochMs(t)));
    return send(res, 200, { nowEpochUs: Math.round(api.toEpochMs(api.now()) * 1000), entries });
  }
  if (method === 'POST' && path === '/crash') {
    const crash = api.crash;
    if (crash === undefined) return send(res, 409, { error: 'this lab runs in the harness\'s own process: a crash would end the harness too (run it in its own thread)' });
    send(res, 202, { crashing: true });
    res.once('finish', () => setImmediate(crash));
    return;
  }
  return send(res, 404, { error: `no control route ${method} ${path}` });
}

function opt<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { ok: false, error: `body larger than ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk);
  }
  try {
    return { ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, error: 'expected a JSON body' };
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
