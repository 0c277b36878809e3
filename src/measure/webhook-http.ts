/**
 * The HTTP details of the webhook receiver: the shared-secret header check
 * (constant time, the secret never echoed), which request paths belong to the
 * receiver, bounded body reading, empty replies, host normalisation.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface WebhookSecretHeader {
  readonly name: string;
  readonly value: string;
}

const digestOf = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** A request check: true when no secret is configured, or the header carries exactly the secret. */
export function secretChecker(secret: WebhookSecretHeader | undefined): (req: IncomingMessage) => boolean {
  if (secret === undefined) return () => true;
  const name = secret.name.toLowerCase();
  const expected = digestOf(secret.value);
  return (req) => {
    const sent = req.headers[name];
    const value = Array.isArray(sent) ? sent[0] : sent;
    // Digests make the lengths equal, so the comparison time says nothing about the secret.
    return value !== undefined && timingSafeEqual(digestOf(value), expected);
  };
}

/** For `path`: '' for the path itself, the decoded segment for path/<segment>, undefined for any other path. */
export function pathMatcher(path: string): (pathname: string) => string | undefined {
  const prefix = path === '/' ? '' : path;
  return (pathname) => {
    if (pathname === path) return '';
    if (!pathname.startsWith(`${prefix}/`)) return undefined;
    const rest = pathname.slice(prefix.length + 1);
    if (rest === '' || rest.includes('/')) return undefined;
    try {
      return decodeURIComponent(rest);
    } catch {
      return undefined;
    }
  };
}

/** host[:port] lowercased, without a default port. */
export function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/:(443|80)$/, '');
}

/** An empty response. */
export function reply(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-length': '0', ...headers }).end();
}

/** The body, or undefined when it exceeds maxBytes (by its Content-Length, or as it streams; the rest is not read). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return undefined;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.byteLength;
    if (total > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
