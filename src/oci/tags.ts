/**
 * GET /v2/<repo>/tags/list[?n=…], following `Link: <…>; rel="next"` until the
 * registry stops sending one (bounded in pages).
 */
import { ProtocolError } from '../errors.ts';
import { repoScope } from './auth.ts';
import { assertRepoName } from './reference.ts';
import { expectStatus, headerJoined, readBytes } from './response.ts';
import type { Transport } from './transport.ts';

export const DEFAULT_MAX_TAG_PAGES = 1000;
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

export interface ListTagsOptions {
  /** `n=` per page; the registry's default when absent. */
  readonly pageSize?: number;
  readonly maxPages?: number;
  readonly signal?: AbortSignal;
}

export interface TagList {
  readonly name: string;
  readonly tags: readonly string[];
  readonly pages: number;
  /** The page limit stopped the listing before the registry did. */
  readonly truncated: boolean;
}

/** The target of the first `rel="next"` link of a Link header (RFC 8288), if any. */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const m of link.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]*)*)/g)) {
    const params = m[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const values = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (values.includes('next')) return m[1];
  }
  return undefined;
}

export async function listTags(transport: Transport, repo: string, opts: ListTagsOptions = {}): Promise<TagList> {
  assertRepoName(repo);
  const maxPages = opts.maxPages ?? DEFAULT_MAX_TAG_PAGES;
  const tags: string[] = [];
  let name = repo;
  let url: URL | undefined = transport.resolve(`/v2/${repo}/tags/list${opts.pageSize !== undefined ? `?n=${opts.pageSize}` : ''}`);
  let pages = 0;
  const seen = new Set<string>();
  while (url !== undefined && pages < maxPages) {
    seen.add(url.href);
    const ex = await transport.request({ method: 'GET', url, scopes: [repoScope(repo, ['pull'])], signal: opts.signal });
    await expectStatus(ex, [200]);
    const link = headerJoined(ex, 'link');
    let bytes: Uint8Array;
    try {
      bytes = await readBytes(ex, MAX_PAGE_BYTES);
    } catch (err) {
      throw transport.bodyError(err, ex, opts.signal);
    }
    const page = parsePage(bytes);
    pages++;
    name = page.name ?? name;
    tags.push(...page.tags);
    const next = nextLink(link);
    url = next === undefined ? undefined : new URL(next, url);
    if (url !== undefined && seen.has(url.href)) throw new ProtocolError(`GET /v2/${repo}/tags/list: the next link repeats an earlier page`);
  }
  return { name, tags, pages, truncated: url !== undefined };
}

function parsePage(bytes: Uint8Array): { name: string | undefined; tags: string[] } {
  let body: { name?: unknown; tags?: unknown };
  try {
    body = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof body;
  } catch {
    throw new ProtocolError('tag list is not valid JSON');
  }
  const tags = body?.tags ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) throw new ProtocolError('tag list: "tags" is not an array of strings');
  return { name: typeof body?.name === 'string' ? body.name : undefined, tags };
}
