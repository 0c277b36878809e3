/**
 * A registry endpoint: the origin the /v2/ API lives at. `host[:port]` means
 * https; plain http is allowed only with `insecure: true` (the `--insecure`
 * flag), and refused otherwise with a UsageError that says so.
 */
import { UsageError } from '../errors.ts';

export interface Endpoint {
  /** `https://host[:port]`, no trailing slash. */
  readonly origin: string;
  /** `host[:port]` as credentials are keyed. */
  readonly host: string;
  readonly secure: boolean;
}

export function resolveEndpoint(endpointText: string, insecure: boolean): Endpoint {
  const trimmed = endpointText.trim();
  const text = trimmed.replace(/\/\/[^@/]*@/, '//***@').replace(/\?.*$/, '?…'); // never echo user:password or a query
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`invalid registry endpoint "${text}": expected https://host[:port]`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`invalid registry endpoint "${text}": the scheme must be https (or http with --insecure)`);
  }
  if (url.protocol === 'http:' && !insecure) {
    throw new UsageError(`registry endpoint "${text}" is plain http: pass --insecure to allow it`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new UsageError(`invalid registry endpoint "${text}": give only scheme://host[:port] (the API is always at /v2/)`);
  }
  return { origin: url.origin, host: url.host, secure: url.protocol === 'https:' };
}

