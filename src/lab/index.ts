/** The embedded multi-region lab: what the CLI, the runner and tests import. */
export { startLab } from './lab.ts';
export type { Lab, LabRegionInfo, StartLabOptions } from './lab.ts';
export { labConfigSchema, lagSpecSchema, parseLabConfig } from './lab-config.ts';
export type { LabConfig, LabConfigInput, LabRegion, LinkSpec, RegionMode, ReplicationPairSpec, StoreConfig } from './lab-config.ts';
export { DEFAULT_LAB_CONFIG_INPUT, defaultLabConfig, loadLabConfigFile, parseLabConfigText } from './lab-config-loader.ts';
export { renderLabBanner } from './lab-banner.ts';
export { GroundTruth, groundTruthJson } from './ground-truth.ts';
export type { GroundTruthEntry, GroundTruthState, NeverReason, PendingReason } from './ground-truth.ts';
export { faultSpecSchema } from './fault-spec.ts';
export type { FaultKind, FaultSpec, FaultSpecInput } from './fault-spec.ts';
export type { ActiveFault } from './faults.ts';
export { createLagModel, describeLag } from './lag-model.ts';
export type { LagModel, LagSpec } from './lag-model.ts';
export type { WebhookConfig, WebhookFormat } from './webhook-config.ts';
export type { ReplicationEvent } from './replicator.ts';
