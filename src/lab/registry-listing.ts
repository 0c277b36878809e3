/** GET /v2/<name>/tags/list and GET /v2/_catalog, with `n`/`last` pagination and a `Link` to the next page. */
import { RegistryHttpError } from './registry-errors.ts';
import { sendJson, type Exchange } from './registry-http.ts';

export interface Page {
  readonly items: readonly string[];
  /** The `last` of the next page, when there is one. */
  readonly nextLast: string | undefined;
}

/** One page of a sorted list: items after `last`, at most `n` of them. */
export function paginate(sorted: readonly string[], n: number | undefined, last: string | undefined): Page {
  const after = last === undefined ? sorted : sorted.filter((item) => item > last);
  if (n === undefined || after.length <= n) return { items: after, nextLast: undefined };
  const items = after.slice(0, n);
  return { items, nextLast: items.length > 0 ? items[items.length - 1] : undefined };
}

/** `n` from the query: absent, or a non-negative integer (else 400 PAGINATION_NUMBER_INVALID). */
export function pageSize(query: URLSearchParams): number | undefined {
  const raw = query.get('n');
  if (raw === null || raw === '') return undefined;
  if (!/^\d{1,9}$/.test(raw)) {
    throw new RegistryHttpError(400, 'PAGINATION_NUMBER_INVALID', 'n must be a non-negative integer', {
      detail: { n: raw },
    });
  }
  return Number(raw);
}

function linkHeader(path: string, n: number | undefined, nextLast: string | undefined): Record<string, string> {
  if (n === undefined || nextLast === undefined) return {};
  return { Link: `<${path}?n=${n}&last=${encodeURIComponent(nextLast)}>; rel="next"` };
}

export async function handleTags(ex: Exchange, repo: string): Promise<void> {
  const tags = await ex.store.tagList(repo);
  if (tags.length === 0 && !(await ex.store.repositories()).includes(repo)) {
    throw new RegistryHttpError(404, 'NAME_UNKNOWN', 'repository name not known to registry', { detail: { name: repo } });
  }
  const n = pageSize(ex.query);
  const page = paginate(tags, n, ex.query.get('last') ?? undefined);
  const links = linkHeader(`/v2/${repo}/tags/list`, n, page.nextLast);
  sendJson(ex.res, 200, { name: repo, tags: page.items }, links);
}

export async function handleCatalog(ex: Exchange): Promise<void> {
  const n = pageSize(ex.query);
  const page = paginate(await ex.store.repositories(), n, ex.query.get('last') ?? undefined);
  sendJson(ex.res, 200, { repositories: page.items }, linkHeader('/v2/_catalog', n, page.nextLast));
}
