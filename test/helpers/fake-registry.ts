/**
 * A minimal in-memory OCI registry for client tests: blobs (HEAD/GET, POST
 * uploads with mount, PATCH with Content-Range and 416, GET status, PUT
 * ?digest=, DELETE), manifests (PUT/GET/HEAD/DELETE) and tag lists with Link
 * pagination. Upload Locations carry an `_state` query that must come back
 * verbatim, like docker-registry's. `intercept` runs first and may answer any
 * request itself (fault injection); return true when it did.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendEmpty, sendJson, startServer, type FakeServer, type RecordedRequest } from './fake-server.ts';

export interface FakeRegistry extends FakeServer {
  readonly blobs: Map<string, Buffer>;
  /** `repo` → digests linked into it. */
  readonly links: Map<string, Set<string>>;
  readonly manifests: Map<string, { bytes: Buffer; mediaType: string }>;
  /** `repo` → tag → digest. */
  readonly tags: Map<string, Map<string, string>>;
  intercept: ((req: RecordedRequest, res: ServerResponse) => boolean | Promise<boolean>) | undefined;
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const error = (res: ServerResponse, status: number, code: string): void => sendJson(res, status, { errors: [{ code, message: code.toLowerCase() }] });

export async function startFakeRegistry(): Promise<FakeRegistry> {
  const blobs = new Map<string, Buffer>();
  const links = new Map<string, Set<string>>();
  const manifests = new Map<string, { bytes: Buffer; mediaType: string }>();
  const tags = new Map<string, Map<string, string>>();
  const uploads = new Map<string, { repo: string; data: Buffer; state: string }>();
  const link = (repo: string, digest: string): void => void (links.get(repo) ?? links.set(repo, new Set()).get(repo))?.add(digest);
  const uploadLocation = (id: string): string => {
    const upload = uploads.get(id);
    if (!upload) throw new Error('no upload');
    upload.state = Buffer.from(`${id}:${upload.data.length}:${randomUUID()}`).toString('base64'); // has '=' and '+'-like chars
    return `/v2/${upload.repo}/blobs/uploads/${id}?_state=${encodeURIComponent(upload.state)}`;
  };
  const range = (size: number): string => `0-${Math.max(0, size - 1)}`;

  const handle = async (req: RecordedRequest, res: ServerResponse): Promise<void> => {
    if (registry.intercept && (await registry.intercept(req, res))) return;
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/v2/' || url.pathname === '/v2') return sendEmpty(res, 200, { 'docker-distribution-api-version': 'registry/2.0' });
    const m = /^\/v2\/(.+?)\/(blobs\/uploads|blobs|manifests|tags)\/(.*)$/.exec(url.pathname);
    if (!m) return error(res, 404, 'NAME_UNKNOWN');
    const [, repo = '', kind, rest = ''] = m;
    if (kind === 'blobs') {
      const blob = blobs.get(rest);
      if (req.method === 'DELETE') return blob && links.get(repo)?.delete(rest) ? sendEmpty(res, 202) : error(res, 404, 'BLOB_UNKNOWN');
      if (!blob || !links.get(repo)?.has(rest)) return req.method === 'HEAD' ? sendEmpty(res, 404) : error(res, 404, 'BLOB_UNKNOWN');
      res.writeHead(200, { 'content-length': blob.length, 'docker-content-digest': rest, 'content-type': 'application/octet-stream' });
      return void res.end(req.method === 'HEAD' ? undefined : blob);
    }
    if (kind === 'blobs/uploads') {
      if (req.method === 'POST') {
        const mount = url.searchParams.get('mount');
        const from = url.searchParams.get('from');
        if (mount && from && links.get(from)?.has(mount)) {
          link(repo, mount);
          return sendEmpty(res, 201, { location: `/v2/${repo}/blobs/${mount}`, 'docker-content-digest': mount });
        }
        const id = randomUUID();
        uploads.set(id, { repo, data: Buffer.alloc(0), state: '' });
        return sendEmpty(res, 202, { location: uploadLocation(id), range: '0-0', 'docker-upload-uuid': id });
      }
      const upload = uploads.get(rest);
      if (!upload || upload.repo !== repo) return error(res, 404, 'BLOB_UPLOAD_UNKNOWN');
      if (url.searchParams.get('_state') !== upload.state) return error(res, 400, 'BLOB_UPLOAD_INVALID');
      if (req.method === 'GET') return sendEmpty(res, 204, { location: uploadLocation(rest), range: range(upload.data.length) });
      if (req.method === 'DELETE') return void (uploads.delete(rest), sendEmpty(res, 204));
      if (req.method === 'PATCH') {
        const cr = /^(\d+)-(\d+)$/.exec(String(req.headers['content-range'] ?? ''));
        if (cr && Number(cr[1]) !== upload.data.length) return sendEmpty(res, 416, { location: uploadLocation(rest), range: range(upload.data.length) });
        upload.data = Buffer.concat([upload.data, req.body]);
        return sendEmpty(res, 202, { location: uploadLocation(rest), range: range(upload.data.length) });
      }
      if (req.method === 'PUT') {
        const data = Buffer.concat([upload.data, req.body]);
        const digest = url.searchParams.get('digest') ?? '';
        if (sha256(data) !== digest) return error(res, 400, 'DIGEST_INVALID');
        uploads.delete(rest);
        blobs.set(digest, data);
        link(repo, digest);
        return sendEmpty(res, 201, { location: `/v2/${repo}/blobs/${digest}`, 'docker-content-digest': digest });
      }
    }
    if (kind === 'manifests') {
      const repoTags = tags.get(repo) ?? new Map<string, string>();
      const digest = rest.includes(':') ? rest : repoTags.get(rest);
      if (req.method === 'PUT') {
        const put = sha256(req.body);
        manifests.set(`${repo}@${put}`, { bytes: req.body, mediaType: String(req.headers['content-type']) });
        if (!rest.includes(':')) tags.set(repo, repoTags.set(rest, put));
        return sendEmpty(res, 201, { location: `/v2/${repo}/manifests/${put}`, 'docker-content-digest': put });
      }
      const stored = digest ? manifests.get(`${repo}@${digest}`) : undefined;
      if (!stored || !digest) return req.method === 'HEAD' ? sendEmpty(res, 404) : error(res, 404, 'MANIFEST_UNKNOWN');
      if (req.method === 'DELETE') {
        manifests.delete(`${repo}@${digest}`);
        for (const [t, d] of repoTags) if (d === digest) repoTags.delete(t);
        return sendEmpty(res, 202);
      }
      res.writeHead(200, { 'content-type': stored.mediaType, 'content-length': stored.bytes.length, 'docker-content-digest': digest });
      return void res.end(req.method === 'HEAD' ? undefined : stored.bytes);
    }
    if (kind === 'tags' && rest === 'list') {
      const all = [...(tags.get(repo)?.keys() ?? [])].sort();
      if (all.length === 0 && !tags.has(repo)) return error(res, 404, 'NAME_UNKNOWN');
      const last = url.searchParams.get('last');
      const n = url.searchParams.has('n') ? Number(url.searchParams.get('n')) : all.length;
      const after = last === null ? all : all.filter((t) => t > last);
      const page = after.slice(0, n);
      const more = after.length > n && page.length > 0;
      const headers: Record<string, string> = more ? { link: `</v2/${repo}/tags/list?n=${n}&last=${page[page.length - 1]}>; rel="next"` } : {};
      return sendJson(res, 200, { name: repo, tags: page }, headers);
    }
    error(res, 405, 'UNSUPPORTED');
  };

  const server = await startServer((req, res) => handle(req, res));
  const registry: FakeRegistry = { ...server, blobs, links, manifests, tags, intercept: undefined };
  return registry;
}
