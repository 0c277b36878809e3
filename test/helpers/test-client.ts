/**
 * A RegistryClient for protocol tests: plain http on loopback, no ambient
 * credentials (empty env, no config.json), and a recording sleep so retry
 * waits cost no wall time.
 */
import { RegistryClient, type RegistryClientOptions } from '../../src/oci/client.ts';

export interface TestClient {
  readonly client: RegistryClient;
  /** Every wait the client asked for, in ms. */
  readonly sleeps: number[];
}

export function testClient(origin: string, extra: Partial<RegistryClientOptions> = {}): TestClient {
  const sleeps: number[] = [];
  const client = new RegistryClient({
    endpoint: origin,
    insecure: true,
    env: {},
    dockerConfigPath: '/nonexistent/replbench/config.json',
    timeoutMs: 5_000,
    sleep: async (ms) => void sleeps.push(ms),
    ...extra,
  });
  return { client, sleeps };
}
