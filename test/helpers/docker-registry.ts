/**
 * The real CNCF distribution registry (Debian's `docker-registry`) for tests:
 * scripts/real-replication/registry-process.ts on a free loopback port.
 */
import { hasDockerRegistry, startRegistryProcess, type NotificationEndpoint, type RegistryProcess } from '../../scripts/real-replication/registry-process.ts';
import { freePort } from './free-port.ts';

export { DOCKER_REGISTRY_BIN, hasDockerRegistry } from '../../scripts/real-replication/registry-process.ts';
export type RunningRegistry = RegistryProcess;

export async function startDockerRegistry(opts: { proxyOf?: string; notifications?: readonly NotificationEndpoint[] } = {}): Promise<RunningRegistry> {
  if (!hasDockerRegistry()) throw new Error('docker-registry is not installed (apt-get install -y docker-registry)');
  return startRegistryProcess({ port: await freePort(), ...opts });
}
