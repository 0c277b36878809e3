/**
 * The image reference push, pull and probe take, as `docker images` shows it and
 * crane, skopeo and oras take it: `HOST[:PORT]/REPO[:TAG|@DIGEST]` (an
 * `http://` or `https://` in front picks the scheme). `--endpoint` is optional:
 * with it, a reference may leave the host out (`REPO:TAG`), and one that names
 * a host must name the endpoint's.
 *
 * The first path component is the registry host when it looks like one, by
 * docker's rule: it holds a `.` or a `:`, or is `localhost`.
 *
 * Plain HTTP: a host without a scheme is https, except on a loopback address
 * (localhost, 127.0.0.0/8, [::1]: what crane treats as insecure too) or with
 * `--insecure`, where it is http; `note` says so for the loopback case, one line
 * for stderr. An explicit `https://` always keeps TLS.
 */
import { UsageError } from '../errors.ts';
import { parseReference } from '../oci/index.ts';

export interface RegistryTarget {
  /** What RegistryClient takes: `scheme://host[:port]` or the --endpoint text as given. */
  readonly endpoint: string;
  /** Plain http allowed (and, for a scheme-less host, chosen). */
  readonly insecure: boolean;
  /** `host[:port]`. */
  readonly host: string;
  readonly repo: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** What goes after /manifests/: the digest when there is one, else the tag. */
  readonly ref: string;
  /** One line for stderr when the scheme was chosen for the user (a loopback host). */
  readonly note?: string;
}

export interface TargetOptions {
  readonly endpoint?: string | undefined;
  readonly insecure: boolean;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** Docker's rule for the first path component of a reference. */
export function looksLikeHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

/** localhost, 127.0.0.0/8 and ::1, with or without a port. */
export function isLoopbackHost(hostPort: string): boolean {
  const host = hostPort.startsWith('[') ? hostPort.slice(1, hostPort.indexOf(']')) : hostPort.replace(/:\d*$/, '');
  const name = host.toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/** Splits `[scheme://]HOST/REST` (scheme and host optional) without judging the rest. */
export function splitHost(text: string): { scheme?: string; host?: string; rest: string } {
  let rest = text.trim();
  let scheme: string | undefined;
  const m = SCHEME.exec(rest);
  if (m !== null) {
    scheme = (m[1] as string).toLowerCase();
    rest = rest.slice(m[0].length);
  }
  const slash = rest.indexOf('/');
  const first = slash < 0 ? rest : rest.slice(0, slash);
  if (scheme !== undefined || (slash > 0 && looksLikeHost(first))) {
    if (slash < 0) return { ...(scheme ? { scheme } : {}), host: first, rest: '' };
    return { ...(scheme ? { scheme } : {}), host: first, rest: rest.slice(slash + 1) };
  }
  return { rest };
}

/** `scheme://host[:port]` or `host[:port]` → `host[:port]`, lowercased. */
function hostOfEndpoint(endpoint: string): string {
  const text = endpoint.trim().replace(SCHEME, '');
  return (text.split('/')[0] ?? '').toLowerCase();
}

/**
 * The registry and manifest a reference names. Every error is a UsageError
 * with one sentence naming the text and what was expected.
 */
export function registryTarget(image: string, opts: TargetOptions): RegistryTarget {
  const { scheme, host, rest } = splitHost(image);
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new UsageError(`invalid reference "${image}": the scheme must be http:// or https://`);
  }
  if (host !== undefined && rest === '') throw new UsageError(`invalid reference "${image}": no repository after the host (HOST[:PORT]/REPO[:TAG|@DIGEST])`);
  const parsed = parseReference(rest);
  const base = { repo: parsed.repo, tag: parsed.tag, digest: parsed.digest, ref: parsed.reference };
  if (opts.endpoint !== undefined) {
    const endpointHost = hostOfEndpoint(opts.endpoint);
    if (host !== undefined && host.toLowerCase() !== endpointHost) {
      throw new UsageError(`"${image}" names the registry ${host} but --endpoint is ${endpointHost}: give one of them`);
    }
    return { ...base, ...chooseScheme(opts.endpoint, endpointHost, opts.insecure), host: endpointHost };
  }
  if (host === undefined) {
    throw new UsageError(`"${image}" names no registry: give HOST[:PORT]/${rest}, e.g. 127.0.0.1:5000/${rest} (as docker images shows it), or --endpoint`);
  }
  return { ...base, ...chooseScheme(scheme === undefined ? host : `${scheme}://${host}`, host.toLowerCase(), opts.insecure), host: host.toLowerCase() };
}

/** A repository for --mount-from: `REPO` or `HOST/REPO` of the same registry. */
export function repositoryOn(text: string, target: Pick<RegistryTarget, 'host'>, flag: string): string {
  const { host, rest } = splitHost(text);
  if (host !== undefined && host.toLowerCase() !== target.host) {
    throw new UsageError(`${flag} "${text}": a cross-repository mount needs a repository on ${target.host}, not ${host}`);
  }
  const ref = parseReference(rest);
  if (ref.digest !== undefined || rest.includes(':')) throw new UsageError(`${flag} "${text}": expected a repository, without a tag or digest`);
  return ref.repo;
}

function chooseScheme(endpoint: string, host: string, insecure: boolean): { endpoint: string; insecure: boolean; note?: string } {
  const explicit = SCHEME.exec(endpoint.trim())?.[1]?.toLowerCase();
  const loopback = isLoopbackHost(host);
  if (explicit === 'https') return { endpoint, insecure };
  if (explicit === 'http') return { endpoint, insecure: insecure || loopback };
  if (insecure) return { endpoint: `http://${host}`, insecure: true };
  if (loopback) {
    return { endpoint: `http://${host}`, insecure: true, note: `${host} is a loopback address: using plain HTTP (give https://${host}/… for TLS)` };
  }
  return { endpoint, insecure };
}

/** The reference as shown back: `host/repo:tag@digest` (the tag and digest that are known). */
export function formatTarget(t: Pick<RegistryTarget, 'host' | 'repo' | 'tag'>, digest?: string): string {
  return `${t.host}/${t.repo}${t.tag !== undefined ? `:${t.tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`;
}
