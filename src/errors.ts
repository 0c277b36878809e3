/**
 * The error hierarchy. Every error replbench throws on purpose carries a stable
 * `code`; only the CLI maps codes to exit codes (see src/cli/exit-codes.ts).
 */
export type ErrorCode =
  | 'E_CONFIG'
  | 'E_USAGE'
  | 'E_AUTH'
  | 'E_REGISTRY'
  | 'E_UNREACHABLE'
  | 'E_TIMEOUT'
  | 'E_STALLED'
  | 'E_ABORTED'
  | 'E_DIGEST_MISMATCH'
  | 'E_PROTOCOL'
  | 'E_NO_BASELINE'
  | 'E_WRITE';

export class ReplbenchError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A scenario, lab config or flag is wrong: names the file, field path, expectation and finding. */
export class ConfigError extends ReplbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_CONFIG', message, options);
  }
}

/** The command line itself is wrong (unknown reference syntax, missing flag). */
export class UsageError extends ReplbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_USAGE', message, options);
  }
}

/** Credentials were refused, or a token could not be obtained. */
export class AuthError extends ReplbenchError {
  readonly status: number | undefined;
  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super('E_AUTH', message, options);
    this.status = options?.status;
  }
}

/** Connection refused, DNS failure, TLS failure: the endpoint cannot be reached at all. */
export class UnreachableError extends ReplbenchError {
  readonly endpoint: string;
  constructor(endpoint: string, message: string, options?: { cause?: unknown }) {
    super('E_UNREACHABLE', message, options);
    this.endpoint = endpoint;
  }
}

/** A request or phase exceeded its time budget. */
export class TimeoutError extends ReplbenchError {
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, options?: { cause?: unknown }) {
    super('E_TIMEOUT', message, options);
    this.timeoutMs = timeoutMs;
  }
}

/** A body moved slower than the minimum rate for a whole stall window: the registry is holding the request. */
export class StalledError extends ReplbenchError {
  /** Bytes moved (sent and received) in the window that stalled. */
  readonly windowBytes: number;
  readonly stallWindowMs: number;
  readonly minRateBytesPerSec: number;
  constructor(message: string, options?: { cause?: unknown; windowBytes?: number; stallWindowMs?: number; minRateBytesPerSec?: number }) {
    super('E_STALLED', message, options);
    this.windowBytes = options?.windowBytes ?? 0;
    this.stallWindowMs = options?.stallWindowMs ?? 0;
    this.minRateBytesPerSec = options?.minRateBytesPerSec ?? 0;
  }
}

/** The caller's AbortSignal fired. */
export class AbortedError extends ReplbenchError {
  constructor(message = 'the operation was aborted', options?: { cause?: unknown }) {
    super('E_ABORTED', message, options);
  }
}

/** Bytes received do not hash to the digest that was asked for or announced. */
export class DigestMismatchError extends ReplbenchError {
  readonly expected: string;
  readonly actual: string;
  constructor(expected: string, actual: string, what: string) {
    super('E_DIGEST_MISMATCH', `${what}: expected ${expected}, got ${actual}`);
    this.expected = expected;
    this.actual = actual;
  }
}

/** The peer broke the protocol (missing Location header, unparsable manifest, …). */
export class ProtocolError extends ReplbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_PROTOCOL', message, options);
  }
}

/** `compare --baseline latest-pass`: no earlier passing run of the scenario to compare with (a first night), not a usage error. */
export class NoBaselineError extends ReplbenchError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('E_NO_BASELINE', message, options);
  }
}

/** A file could not be written (disk full, read-only, no permission): names the file and the cause. */
export class WriteError extends ReplbenchError {
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('E_WRITE', message, options);
    this.path = path;
  }
}

/** A one-line description of any thrown value, for logs and CLI output. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}

/** Why a file could not be read, in the words a config message uses ("no such file", "it is a directory"). */
export function describeReadFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return describeError(err);
}
