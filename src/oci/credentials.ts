/**
 * Where credentials for a registry host come from, in priority order:
 * explicit options, then the environment (REPLBENCH_USERNAME/REPLBENCH_PASSWORD,
 * REPLBENCH_TOKEN), then Docker's config.json ($DOCKER_CONFIG/config.json, else
 * ~/.docker/config.json). In config.json, as in the docker CLI, a credential
 * helper for the host (`credHelpers[host]`, else `credsStore`) comes first and
 * is run (credential-helper.ts); when it holds nothing for the host, the host's
 * `auths` entry is used.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, UsageError } from '../errors.ts';
import { ACR_REFRESH_TOKEN_USERNAME } from './acr-oauth.ts';
import type { Credentials, ExplicitCredentials, ResolvedCredentials } from './credential-types.ts';
import { runCredentialHelper } from './credential-helper.ts';

export interface CredentialOptions {
  /** Registry host as in the endpoint URL: `host` or `host:port`. */
  readonly host: string;
  readonly explicit?: ExplicitCredentials;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Overrides the config.json location (tests). */
  readonly dockerConfigPath?: string;
  readonly homeDir?: string;
  /** PATH searched for docker-credential-* helpers (default process.env.PATH). */
  readonly helperPath?: string;
}

const ANONYMOUS: Credentials = { kind: 'anonymous' };
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

export function resolveCredentials(opts: CredentialOptions): ResolvedCredentials {
  const resolved = resolveFromSources(opts);
  const credentials = acrRefreshTokenFromBasic(resolved.credentials);
  return credentials === resolved.credentials ? resolved : { ...resolved, credentials };
}

/**
 * ACR's convention: user name 00000000-0000-0000-0000-000000000000 with an ACR
 * refresh token as the password (what `az acr login --expose-token` prints) is
 * used as an OAuth2 refresh_token grant, not as Basic credentials.
 */
export function acrRefreshTokenFromBasic(credentials: Credentials): Credentials {
  if (credentials.kind !== 'basic' || credentials.username !== ACR_REFRESH_TOKEN_USERNAME) return credentials;
  return { kind: 'refresh', refreshToken: credentials.password, username: credentials.username };
}

function resolveFromSources(opts: CredentialOptions): ResolvedCredentials {
  if (opts.explicit) return { credentials: fromExplicit(opts.explicit), source: 'options' };
  const env = opts.env ?? process.env;
  const fromEnvironment = fromEnv(env);
  if (fromEnvironment) return { credentials: fromEnvironment, source: 'env' };
  const path = opts.dockerConfigPath ?? dockerConfigPath(env, opts.homeDir);
  return fromDockerConfig(path, opts.host, opts.helperPath);
}

function fromExplicit(explicit: ExplicitCredentials): Credentials {
  if ('kind' in explicit) return explicit;
  if ('token' in explicit) return { kind: 'bearer', token: explicit.token };
  return { kind: 'basic', username: explicit.username, password: explicit.password };
}

function fromEnv(env: Readonly<Record<string, string | undefined>>): Credentials | undefined {
  const username = env.REPLBENCH_USERNAME;
  const password = env.REPLBENCH_PASSWORD;
  if (username !== undefined || password !== undefined) {
    if (!username || password === undefined) {
      throw new UsageError('REPLBENCH_USERNAME and REPLBENCH_PASSWORD must be set together');
    }
    return { kind: 'basic', username, password };
  }
  const token = env.REPLBENCH_TOKEN;
  return token ? { kind: 'bearer', token } : undefined;
}

export function dockerConfigPath(env: Readonly<Record<string, string | undefined>>, homeDir?: string): string {
  if (env.DOCKER_CONFIG) return join(env.DOCKER_CONFIG, 'config.json');
  return join(homeDir ?? homedir(), '.docker', 'config.json');
}

/** `host`, `host:port`, `https://host/v1/` → `host[:port]`, lowercased, without a default port. */
export function normalizeAuthKey(key: string): string {
  const noScheme = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const host = (noScheme.split('/')[0] ?? '').toLowerCase();
  return host.replace(/:443$/, '');
}

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  identitytoken?: unknown;
  registrytoken?: unknown;
}

/** The address docker hands a helper: the registry host, or Docker Hub's legacy index URL. */
export function helperServerAddress(host: string): string {
  const key = normalizeAuthKey(host);
  return DOCKER_HUB_HOSTS.has(key) ? 'https://index.docker.io/v1/' : key;
}

function fromDockerConfig(path: string, host: string, helperPath: string | undefined): ResolvedCredentials {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { credentials: ANONYMOUS, source: 'none' };
  }
  let config: { auths?: unknown; credsStore?: unknown; credHelpers?: unknown };
  try {
    config = JSON.parse(text) as typeof config;
  } catch (err) {
    throw new ConfigError(`${path}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const wanted = new Set([normalizeAuthKey(host)]);
  if (DOCKER_HUB_HOSTS.has(normalizeAuthKey(host))) for (const h of DOCKER_HUB_HOSTS) wanted.add(h);
  const auths = config?.auths !== null && typeof config?.auths === 'object' ? (config.auths as Record<string, unknown>) : {};
  const helper = helperFor(config, wanted);
  if (helper !== undefined) {
    const answer = runCredentialHelper({ name: helper.name, serverAddress: helperServerAddress(host), configuredIn: `${path} ${helper.field}`, ...(helperPath === undefined ? {} : { path: helperPath }) });
    if (answer.kind === 'identity-token') return { credentials: { kind: 'refresh', refreshToken: answer.token, username: answer.username }, source: 'credential-helper', path, helper: helper.name };
    if (answer.kind === 'basic') return { credentials: { kind: 'basic', username: answer.username, password: answer.password }, source: 'credential-helper', path, helper: helper.name };
  }
  for (const [key, value] of Object.entries(auths)) {
    if (!wanted.has(normalizeAuthKey(key)) || value === null || typeof value !== 'object') continue;
    const credentials = fromEntry(value as AuthEntry, path, key);
    if (credentials) return { credentials, source: 'docker-config', path };
  }
  return { credentials: ANONYMOUS, source: 'none', path };
}

function fromEntry(entry: AuthEntry, path: string, key: string): Credentials | undefined {
  let username = typeof entry.username === 'string' ? entry.username : undefined;
  let password = typeof entry.password === 'string' ? entry.password : undefined;
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new ConfigError(`${path}: auths["${key}"].auth: expected base64 of "user:password"`);
    username = decoded.slice(0, colon);
    password = decoded.slice(colon + 1);
  }
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
    return { kind: 'refresh', refreshToken: entry.identitytoken, username: username || undefined };
  }
  if (typeof entry.registrytoken === 'string' && entry.registrytoken !== '') {
    return { kind: 'bearer', token: entry.registrytoken };
  }
  if (username && password !== undefined) return { kind: 'basic', username, password };
  return undefined;
}

/** docker's choice: credHelpers[host] first, then credsStore. */
function helperFor(config: { credsStore?: unknown; credHelpers?: unknown }, wanted: ReadonlySet<string>): { name: string; field: string } | undefined {
  if (config.credHelpers !== null && typeof config.credHelpers === 'object') {
    for (const [key, value] of Object.entries(config.credHelpers as Record<string, unknown>)) {
      if (wanted.has(normalizeAuthKey(key)) && typeof value === 'string' && value !== '') return { name: value, field: `credHelpers["${key}"]` };
    }
  }
  return typeof config.credsStore === 'string' && config.credsStore !== '' ? { name: config.credsStore, field: 'credsStore' } : undefined;
}
