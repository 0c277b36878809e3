/**
 * Secrets never leave the process. Every secret the process learns — a
 * password, a token, a refresh token, a storage key or SAS — is registered
 * here the moment it is read or received (RegistryClient, token answers,
 * storage accounts, connection strings), with the forms it can travel in: as is, base64, the
 * `user:password` of a Basic header, URL-encoded and JSON-escaped. Every text
 * that leaves the process (terminal, events.jsonl, report files, messages)
 * goes through `redact`, which replaces each of them with `***` and also
 * anything shaped like a secret whatever its source: SAS signatures,
 * `AccountKey=…`, `Authorization: …`, `Bearer …`/`Basic …` credentials, and
 * the password of a URL. So a registry that echoes the credentials it was
 * sent into an error body cannot make replbench print or log them. URLs in
 * messages are cut to what is safe to print: the path (redactUrl) or the URL
 * without its credentials and query (urlWithoutSecrets).
 *
 * A leaf: imports nothing of replbench.
 */

export const REDACTED = '***';

/** Shorter values are not treated as secrets by value (they would blank out ordinary words). */
const MIN_SECRET_CHARS = 4;

/** SAS query parameters that identify or sign a token. */
const SAS_PARAMS = /([?&;](?:sig|se|st|sp|sv|spr|srt|ss|sr|si|skoid|sktid|skt|ske|sks|skv|saoid|suoid|scid|sdd|ses)=)[^&;\s"'<>]*/gi;
const KEYED = /((?:AccountKey|SharedAccessSignature|SharedAccessKey|SharedAccessKeyName|Password|ClientSecret)\s*=\s*)[^;\s"'<>]*/gi;
const AUTH_HEADER = /(authorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|sharedkey|sharedkeylite)\s+)?[^\s"',}]+/gi;
/** A credential in an Authorization value quoted anywhere (an echoing error body). */
const SCHEME_CREDENTIAL = /\b((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}/g;
/** user:password@ in a URL. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi;

export class SecretSet {
  readonly #values = new Set<string>();
  #ordered: string[] | undefined;

  /** Adds a secret in every form it can travel in. */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_SECRET_CHARS) return;
    for (const form of [secret, base64(secret), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) this.#values.add(form);
    this.#ordered = undefined;
  }

  /** A Basic credential: the password, and the header's base64 of `user:password`. */
  addBasic(username: string, password: string): void {
    this.add(password);
    this.add(`${username}:${password}`);
  }

  get size(): number {
    return this.#values.size;
  }

  /** `text` without any registered secret or anything shaped like one. */
  redact(text: string): string {
    let out = text;
    // Longest first: a secret that contains another is removed whole.
    this.#ordered ??= [...this.#values].sort((a, b) => b.length - a.length);
    for (const secret of this.#ordered) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out
      .replace(SAS_PARAMS, `$1${REDACTED}`)
      .replace(KEYED, `$1${REDACTED}`)
      .replace(AUTH_HEADER, `$1${REDACTED}`)
      .replace(SCHEME_CREDENTIAL, `$1${REDACTED}`)
      .replace(URL_PASSWORD, `$1${REDACTED}@`);
  }
}

/** Every secret this process has learned. */
export const processSecrets = new SecretSet();

export function registerSecret(secret: string | undefined): void {
  processSecrets.add(secret);
}

export function registerBasicSecret(username: string, password: string): void {
  processSecrets.addBasic(username, password);
}

/** `text` without any secret this process knows, `extra` ones, or anything shaped like a secret. */
export function redact(text: string, extra: readonly string[] = []): string {
  if (extra.length === 0) return processSecrets.redact(text);
  const set = new SecretSet();
  for (const s of extra) set.add(s);
  return processSecrets.redact(set.redact(text));
}

/**
 * The secret parts of a storage connection string (the whole string, its
 * AccountKey and SharedAccessSignature), registered with the process at once
 * so everything it writes from now on leaves them out; returned to pass to
 * `redact` as `extra`.
 */
export function connectionStringSecrets(connectionString: string): string[] {
  const secrets = [connectionString];
  for (const part of connectionString.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (name === 'accountkey' || name === 'sharedaccesssignature') secrets.push(part.slice(eq + 1).trim());
  }
  for (const secret of secrets) registerSecret(secret);
  return secrets;
}

/** The path of a URL, without query or fragment: safe for messages and logs (a registry URL's query may carry upload state or a signature). */
export function redactUrl(url: string | URL): string {
  try {
    return new URL(url, 'http://x').pathname;
  } catch {
    return '<invalid url>';
  }
}

/** A whole URL without its credentials and query string (SAS tokens), for printing where the host matters. */
export function urlWithoutSecrets(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
