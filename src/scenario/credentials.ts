/**
 * Turns a scenario's auth reference into credentials at run time: reads the
 * named environment variables, or Docker's config.json. Kept apart from
 * resolveScenario, which stays pure (no environment, no files). Messages name
 * the variable, never its value.
 */
import { ConfigError } from '../errors.ts';
import { dockerConfigPath, resolveCredentials, type ResolvedCredentials } from '../oci/credentials.ts';
import type { ResolvedAuth } from './resolved.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** Credentials for one registry host (`host[:port]`) of an oci target. */
export function credentialsFor(auth: ResolvedAuth, host: string, env: Env = process.env): ResolvedCredentials {
  switch (auth.kind) {
    case 'anonymous':
      return { credentials: { kind: 'anonymous' }, source: 'none' };
    case 'basic':
      return {
        credentials: { kind: 'basic', username: auth.username, password: fromEnv(env, auth.passwordEnv, 'passwordEnv', 'password') },
        source: 'env',
      };
    case 'bearer':
      return { credentials: { kind: 'bearer', token: fromEnv(env, auth.tokenEnv, 'tokenEnv', 'token') }, source: 'env' };
    case 'docker-config': {
      const path = auth.configPath ?? dockerConfigPath(env);
      // An empty env: only the config file counts, not REPLBENCH_USERNAME and friends.
      return resolveCredentials({ host, env: {}, dockerConfigPath: path });
    }
  }
}

function fromEnv(env: Env, name: string, field: string, what: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new ConfigError(`target.auth.${field}: expected the environment variable ${name} to hold the ${what}, found it ${value === undefined ? 'unset' : 'empty'}`);
  }
  return value;
}
