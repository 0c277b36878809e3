/**
 * Turns a scenario's auth reference into credentials at run time: reads the
 * named environment variables, or Docker's config.json. Kept apart from
 * resolveScenario, which stays pure (no environment, no files). Messages name
 * the variable, never its value.
 */
import { ConfigError } from '../errors.ts';
import { sharedAcrSignIn } from '../oci/acr-signin.ts';
import type { ResolvedCredentials } from '../oci/credential-types.ts';
import { dockerConfigPath, resolveCredentials } from '../oci/credentials.ts';
import type { ResolvedAuth } from './resolved.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** Credentials for one registry host (`host[:port]`) of an oci target. */
export function credentialsFor(auth: ResolvedAuth, host: string, env: Env = process.env): ResolvedCredentials {
  switch (auth.kind) {
    case 'anonymous':
      return { credentials: { kind: 'anonymous' }, source: 'none' };
    case 'basic':
      return {
        // An ACR refresh token (user 00000000-…) stays basic here; RegistryClient turns it into a refresh_token grant.
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
    case 'azure': {
      // Every regional endpoint shares one sign-in (one ACR refresh token per registry).
      const signIn = sharedAcrSignIn({ ...(auth.tenant !== null ? { tenant: auth.tenant } : {}), ...(auth.aadScope !== null ? { aadScope: auth.aadScope } : {}) });
      return { credentials: { kind: 'azure', signIn }, source: 'env' };
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
