/**
 * The flags every registry command shares, and the client they describe.
 *
 * Credentials, as `--username`'s help says: `--password`/`--password-stdin`
 * pair with `--username`, else with REPLBENCH_USERNAME; a secret with no user
 * name anywhere is refused, because sending it as a Bearer token is a
 * different thing to ask for (`--token-stdin`, or REPLBENCH_TOKEN).
 */
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { ConfigError, UsageError } from '../errors.ts';
import { parseBandwidth } from '../units.ts';
import { RegistryClient, type ExplicitCredentials } from '../oci/index.ts';
import { TRANSFER_DEFAULTS } from '../oci/transfer-watch.ts';
import { formatDurationMs } from '../units.ts';
import { registryTarget, type RegistryTarget } from './image-ref.ts';
import type { CliIo } from './io.ts';
import { numericFlag } from './numeric-flags.ts';

export interface RegistryArgs {
  endpoint?: string;
  insecure: boolean;
  username?: string;
  password?: string;
  'password-stdin': boolean;
  'token-stdin': boolean;
  /** ms (numericFlag converts the written duration); so are deadline and stall-window. */
  timeout: number;
  deadline: number;
  'min-rate': string;
  'stall-window': number;
}

export function withRegistryOptions<T>(y: Argv<T>): Argv<T & RegistryArgs> {
  return y
    .option('endpoint', {
      type: 'string',
      describe: 'registry endpoint, when the reference names none: https://host[:port], host[:port], or http://…',
    })
    .option('insecure', { type: 'boolean', default: false, describe: 'allow plain HTTP; a host without a scheme is then http (loopback hosts are http without it)' })
    .option('username', { type: 'string', describe: 'user name (else REPLBENCH_USERNAME, else Docker config.json)' })
    .option('password', { type: 'string', describe: 'password (prefer --password-stdin or REPLBENCH_PASSWORD); needs --username or REPLBENCH_USERNAME' })
    .option('password-stdin', { type: 'boolean', default: false, describe: 'read the password from standard input; needs --username or REPLBENCH_USERNAME' })
    .option('token-stdin', { type: 'boolean', default: false, describe: 'read a registry access token from standard input, sent as Authorization: Bearer' })
    .option('timeout', { ...numericFlag('--timeout', { kind: 'duration', max: 'durationMs' }), default: '30s', describe: 'inactivity limit per request' })
    .option('deadline', {
      ...numericFlag('--deadline', { kind: 'duration', max: 'durationMs' }),
      default: formatDurationMs(TRANSFER_DEFAULTS.deadlineMs),
      describe: 'total time per request, first attempt to last body byte (retries included)',
    })
    .option('min-rate', {
      type: 'string',
      default: `${TRANSFER_DEFAULTS.minRateBytesPerSec / 1024}KiB/s`,
      describe: 'a moving body slower than this over a whole --stall-window is stalled (exit 3); 0 = no check',
    })
    .option('stall-window', {
      ...numericFlag('--stall-window', { kind: 'duration', max: 'durationMs' }),
      default: formatDurationMs(TRANSFER_DEFAULTS.stallWindowMs),
      describe: 'the window --min-rate is measured over',
    }) as Argv<T & RegistryArgs>;
}

/** The target of `image` under the shared flags; its loopback note (if any) goes to stderr. */
export function targetFromArgs(image: string, args: Pick<RegistryArgs, 'endpoint' | 'insecure'>, io: CliIo, check?: (t: RegistryTarget) => void): RegistryTarget {
  const target = registryTarget(image, { endpoint: args.endpoint, insecure: args.insecure });
  check?.(target);
  if (target.note !== undefined) io.stderr.write(`replbench: ${target.note}\n`);
  return target;
}

export function clientFor(target: RegistryTarget, args: RegistryArgs, io: CliIo, readStdin: () => string = () => readFileSync(0, 'utf8')): RegistryClient {
  return new RegistryClient({
    endpoint: target.endpoint,
    insecure: target.insecure,
    timeoutMs: args.timeout,
    deadlineMs: args.deadline,
    minRateBytesPerSec: parseMinRate(args['min-rate']),
    stallWindowMs: args['stall-window'],
    env: io.env,
    ...credentialsFromArgs(args, io.env, readStdin),
  });
}

export function credentialsFromArgs(
  args: Pick<RegistryArgs, 'username' | 'password' | 'password-stdin' | 'token-stdin'>,
  env: Readonly<Record<string, string | undefined>>,
  readStdin: () => string,
): { credentials?: ExplicitCredentials } {
  const given = [args.password !== undefined && '--password', args['password-stdin'] && '--password-stdin', args['token-stdin'] && '--token-stdin'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')}: give one of them`);
  const line = (): string => readStdin().replace(/\r?\n$/, '');
  if (args['token-stdin']) {
    if (args.username !== undefined) throw new UsageError('--token-stdin sends a Bearer token, which has no user name: drop --username (or use --password-stdin)');
    const token = line();
    if (token === '') throw new UsageError('--token-stdin: standard input is empty');
    return { credentials: { token } };
  }
  const password = args['password-stdin'] ? line() : args.password;
  const username = args.username ?? (password !== undefined ? env.REPLBENCH_USERNAME : undefined);
  if (password === undefined) {
    if (args.username !== undefined) throw new UsageError('--username needs --password or --password-stdin');
    return {};
  }
  if (username === undefined || username === '') {
    const flag = args['password-stdin'] ? '--password-stdin' : '--password';
    throw new UsageError(`${flag} needs a user name: --username or REPLBENCH_USERNAME (for a Bearer token, use --token-stdin or REPLBENCH_TOKEN)`);
  }
  return { credentials: { username, password } };
}

/** `--min-rate`: "10KiB/s", a bare number of bytes per second, or 0 (no rate check). */
export function parseMinRate(text: string): number {
  const trimmed = text.trim();
  if (/^0+(\.0*)?\s*([a-zA-Z]*\s*\/\s*s)?$/.test(trimmed)) return 0;
  try {
    return /^\d+(\.\d+)?$/.test(trimmed) ? parseBandwidth(Number(trimmed)) : parseBandwidth(trimmed);
  } catch {
    throw new ConfigError(`--min-rate: expected a rate such as "10KiB/s", or 0 for no rate check, found "${text}"`);
  }
}
