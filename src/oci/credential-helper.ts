/**
 * Docker credential helpers, run the way the docker CLI runs them
 * (docker/cli cli/config/credentials/native_store.go and
 * docker-credential-helpers' client): the program `docker-credential-<name>`
 * from PATH, argument `get`, the server address on stdin (no newline), and on
 * stdout `{"ServerURL": …, "Username": …, "Secret": …}`. A helper that fails
 * with "credentials not found in native keychain" means "none here" (docker then
 * uses the config file's own entry); Username `<token>` means Secret is an
 * identity token (an OAuth2 refresh token). Any other failure is an error that
 * carries the helper's message, never its output's secret.
 */
import { spawnSync } from 'node:child_process';
import { AuthError, ConfigError } from '../errors.ts';

/** What a helper answered: a user and password, an identity token, or nothing stored. */
export type HelperCredentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'identity-token'; readonly token: string; readonly username: string | undefined }
  | { readonly kind: 'not-found' };

export const HELPER_PREFIX = 'docker-credential-';
/** The message helpers print when they hold nothing for the address (docker-credential-helpers' credentials.NewErrCredentialsNotFound). */
export const NOT_FOUND_MESSAGE = 'credentials not found in native keychain';
const TOKEN_USERNAME = '<token>';
/** Docker waits for a helper indefinitely; replbench gives up after this, naming it. */
export const HELPER_TIMEOUT_MS = 60_000;

export interface HelperOptions {
  /** The helper's name: `desktop` runs docker-credential-desktop. */
  readonly name: string;
  /** What docker sends: the registry host (`host[:port]`), `https://index.docker.io/v1/` for Docker Hub. */
  readonly serverAddress: string;
  /** PATH to search (default process.env.PATH). */
  readonly path?: string;
  /** Where the helper was configured, for messages: `~/.docker/config.json credHelpers`. */
  readonly configuredIn: string;
  readonly timeoutMs?: number;
}

export function runCredentialHelper(opts: HelperOptions): HelperCredentials {
  const program = `${HELPER_PREFIX}${opts.name}`;
  const env = { ...process.env, ...(opts.path === undefined ? {} : { PATH: opts.path }) };
  const r = spawnSync(program, ['get'], {
    input: opts.serverAddress,
    encoding: 'utf8',
    env,
    timeout: opts.timeoutMs ?? HELPER_TIMEOUT_MS,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // A helper that exits without reading stdin makes the write fail with EPIPE;
  // like Go's os/exec (docker), that is not an error: its exit and output count.
  const err = (r.error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE' ? undefined : (r.error as NodeJS.ErrnoException | undefined);
  if (err?.code === 'ENOENT') {
    throw new ConfigError(`${opts.configuredIn} names credential helper "${opts.name}" for ${opts.serverAddress}, but ${program} is not on PATH`);
  }
  if (err?.code === 'ETIMEDOUT') {
    throw new AuthError(`credential helper ${program} get did not answer for ${opts.serverAddress} within ${(opts.timeoutMs ?? HELPER_TIMEOUT_MS) / 1000} s`);
  }
  if (err) throw new AuthError(`credential helper ${program} get failed for ${opts.serverAddress}: ${err.message}`, { cause: err });
  const out = (r.stdout ?? '').trim();
  if (r.status !== 0) {
    // Helpers print their error on stdout (docker reads it there); stderr too, to be safe.
    const message = out || (r.stderr ?? '').trim();
    if (message === NOT_FOUND_MESSAGE) return { kind: 'not-found' };
    throw new AuthError(`credential helper ${program} get failed for ${opts.serverAddress} (exit ${r.status ?? r.signal}): ${firstLine(message) || 'no message'}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(out);
  } catch {
    throw new AuthError(`credential helper ${program} get answered for ${opts.serverAddress} with something that is not JSON`);
  }
  const { Username: username, Secret: secret } = (parsed ?? {}) as { Username?: unknown; Secret?: unknown };
  if (typeof secret !== 'string' || (username !== undefined && typeof username !== 'string')) {
    throw new AuthError(`credential helper ${program} get answered for ${opts.serverAddress} without a string Username and Secret`);
  }
  if (username === TOKEN_USERNAME) return { kind: 'identity-token', token: secret, username: undefined };
  return { kind: 'basic', username: username ?? '', password: secret };
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
