/**
 * The oci driver (acr included): one URL per region, the same from every
 * client region (the workers all run in this process); credentials come from
 * the scenario's auth reference, read now (a missing variable is a
 * ConfigError), and are handed to each client explicitly, so neither
 * REPLBENCH_* nor a Docker config it was not told about can change who it
 * signs in as. Every client gets the scenario's request budget (`requests`).
 */
import type { Env } from '../../scenario/credentials.ts';
import { credentialsFor } from '../../scenario/credentials.ts';
import type { ResolvedAuth, ResolvedScenario } from '../../scenario/resolved.ts';
import type { DriverOptions, EndpointClientOptions, OpenTarget, TargetDriver } from '../driver.ts';
import { registryParts } from './registry.ts';

export const ociDriver: TargetDriver = {
  async open(scenario: ResolvedScenario, opts: DriverOptions): Promise<OpenTarget> {
    const target = scenario.target;
    if (target.kind !== 'oci') throw new Error(`the oci driver opened a ${target.kind} target`);
    const byName = new Map(target.regions.map((r) => [r.name, r]));
    const env = opts.env ?? process.env;
    const options = new Map(target.regions.map((r) => [r.name, { ...authOptions(target.auth, r.host, env), insecure: r.insecure, ...scenario.requests }]));
    const region = (name: string): NonNullable<ReturnType<typeof byName.get>> => {
      const r = byName.get(name);
      if (r === undefined) throw new Error(`no endpoint for region "${name}" in the scenario's target`);
      return r;
    };
    const parts = registryParts(scenario, {
      urlFor: (server) => region(server).endpoint,
      clientOptions: (server) => options.get(region(server).name) as EndpointClientOptions,
    }, opts.now);
    return { ...parts, recordsHarness: true };
  },
};

/** The scenario's auth as RegistryClient options: the credentials resolved now (ConfigError when a named variable is missing). */
export function authOptions(auth: ResolvedAuth, host: string, env: Env): EndpointClientOptions {
  return { credentials: credentialsFor(auth, host, env).credentials, env: {} };
}
