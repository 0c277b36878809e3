/** The driver of each target kind: the one table a new target kind adds its line to. */
import type { ResolvedScenario } from '../../scenario/resolved.ts';
import type { TargetDriver } from '../driver.ts';
import { blobDriver } from './blob.ts';
import { labDriver } from './lab.ts';
import { ociDriver } from './oci.ts';

const DRIVERS: Readonly<Record<ResolvedScenario['target']['kind'], TargetDriver>> = {
  lab: labDriver,
  oci: ociDriver,
  blob: blobDriver,
};

export function driverFor(scenario: ResolvedScenario): TargetDriver {
  return DRIVERS[scenario.target.kind];
}
