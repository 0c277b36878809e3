/** The flags every registry command shares, and the client they describe. */
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { UsageError } from '../errors.ts';
import { RegistryClient, type ExplicitCredentials } from '../oci/index.ts';
import { parseDurationMs } from '../scenario/units.ts';
import type { CliIo } from './io.ts';
import { numericFlag } from './numeric-flags.ts';

export interface RegistryArgs {
  endpoint: string;
  insecure: boolean;
  username?: string;
  password?: string;
  'password-stdin': boolean;
  /** ms (numericFlag converts the written duration). */
  timeout: number;
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
    .option('timeout', { ...numericFlag('--timeout', { kind: 'duration', max: 'durationMs' }), default: '30s', describe: 'inactivity limit per request' }) as Argv<T & RegistryArgs>;
}

export function clientFromArgs(args: RegistryArgs, io: CliIo): RegistryClient {
  return new RegistryClient({
    endpoint: args.endpoint,
    insecure: args.insecure,
    timeoutMs: parseDurationMs(args.timeout),
    env: io.env,
    ...credentialsFromArgs(args),
  });
}

function credentialsFromArgs(args: RegistryArgs): { credentials?: ExplicitCredentials } {
  const password = args['password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : args.password;
  if (args.username === undefined && password === undefined) return {};
  if (args.username === undefined) return { credentials: { token: password ?? '' } };
  if (password === undefined) throw new UsageError('--username needs --password or --password-stdin');
  return { credentials: { username: args.username, password } };
}
