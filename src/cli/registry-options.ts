/** The flags every registry command shares, and the client they describe. */
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { ConfigError, UsageError } from '../errors.ts';
import { parseBandwidth } from '../lab/config-fields.ts';
import { RegistryClient, type ExplicitCredentials } from '../oci/index.ts';
import { TRANSFER_DEFAULTS } from '../oci/transfer-watch.ts';
import { formatDurationMs, parseDurationMs } from '../scenario/units.ts';
import type { CliIo } from './io.ts';

export interface RegistryArgs {
  endpoint: string;
  insecure: boolean;
  username?: string;
  password?: string;
  'password-stdin': boolean;
  timeout: string;
  deadline: string;
  'min-rate': string;
  'stall-window': string;
}

export function withRegistryOptions<T>(y: Argv<T>): Argv<T & RegistryArgs> {
  return y
    .option('endpoint', {
      type: 'string',
      demandOption: true,
      describe: 'registry endpoint: https://host[:port], host[:port], or http://… with --insecure',
    })
    .option('insecure', { type: 'boolean', default: false, describe: 'allow plain http' })
    .option('username', { type: 'string', describe: 'user name (else REPLBENCH_USERNAME, else Docker config.json)' })
    .option('password', { type: 'string', describe: 'password or token (prefer --password-stdin or REPLBENCH_PASSWORD)' })
    .option('password-stdin', { type: 'boolean', default: false, describe: 'read the password from standard input' })
    .option('timeout', { type: 'string', default: '30s', describe: 'inactivity limit per request' })
    .option('deadline', {
      type: 'string',
      default: formatDurationMs(TRANSFER_DEFAULTS.deadlineMs),
      describe: 'total time per request, first attempt to last body byte (retries included)',
    })
    .option('min-rate', {
      type: 'string',
      default: `${TRANSFER_DEFAULTS.minRateBytesPerSec / 1024}KiB/s`,
      describe: 'a moving body slower than this over a whole --stall-window is stalled (exit 3); 0 = no check',
    })
    .option('stall-window', {
      type: 'string',
      default: formatDurationMs(TRANSFER_DEFAULTS.stallWindowMs),
      describe: 'the window --min-rate is measured over',
    }) as Argv<T & RegistryArgs>;
}

export function clientFromArgs(args: RegistryArgs, io: CliIo): RegistryClient {
  return new RegistryClient({
    endpoint: args.endpoint,
    insecure: args.insecure,
    timeoutMs: parseDurationMs(args.timeout),
    deadlineMs: flagDurationMs('--deadline', args.deadline),
    minRateBytesPerSec: parseMinRate(args['min-rate']),
    stallWindowMs: flagDurationMs('--stall-window', args['stall-window']),
    env: io.env,
    ...credentialsFromArgs(args),
  });
}

function flagDurationMs(flag: string, text: string): number {
  let ms: number;
  try {
    ms = parseDurationMs(text);
  } catch {
    ms = Number.NaN;
  }
  if (!(ms > 0)) throw new ConfigError(`${flag}: expected a duration > 0 such as "30s", found "${text}"`);
  return ms;
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

function credentialsFromArgs(args: RegistryArgs): { credentials?: ExplicitCredentials } {
  const password = args['password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : args.password;
  if (args.username === undefined && password === undefined) return {};
  if (args.username === undefined) return { credentials: { token: password ?? '' } };
  if (password === undefined) throw new UsageError('--username needs --password or --password-stdin');
  return { credentials: { username: args.username, password } };
}
