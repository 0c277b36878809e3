/**
 * Scenarios: the zod schema of a scenario file, loading YAML/JSON, resolving
 * into a ResolvedScenario (every default applied, units converted, cross-field
 * rules checked), the generated JSON Schema, and units.
 *
 *   const scenario = await loadScenario('scenarios/smoke.yaml');   // ConfigError on any problem
 *   scenario.replication.timeoutMs, scenario.pull.pairs, scenario.thresholds.parsed, …
 */
export { loadScenario, parseScenarioText, isScenarioDocument, SCENARIO_EXTENSIONS } from './load.ts';
export { resolveScenario, INLINE_SOURCE } from './resolve.ts';
export { scenarioSchema, sizeSpecSchema } from './schema.ts';
export type { ScenarioInput, ScenarioParsed } from './schema.ts';
export { acrTargetSchema, resolveAcrTarget, ACR_AUTH_KINDS, ACR_DEFAULTS } from './acr-target.ts';
export type {
  ProbeKind,
  ProbeSchedule,
  PullPair,
  PullPhase,
  ReportFormat,
  ResolvedAcr,
  ResolvedAuth,
  ResolvedOciRegion,
  ResolvedPull,
  ResolvedReplication,
  ResolvedReport,
  ResolvedScenario,
  ResolvedTarget,
  ResolvedThresholds,
  ResolvedWorkload,
  UploadMode,
} from './resolved.ts';
export {
  AUTH_KINDS,
  OCI_DEFAULTS,
  PROBE_KINDS,
  PROBE_SCHEDULES,
  PULL_DEFAULTS,
  PULL_PHASES,
  REPLICATION_DEFAULTS,
  REPORT_DEFAULTS,
  REPORT_FORMATS,
  TARGET_KINDS,
  UPLOAD_MODES,
  WORKLOAD_DEFAULTS,
} from './defaults.ts';
export { credentialsFor } from './credentials.ts';
export type { Env } from './credentials.ts';
export { renderScenarioJsonSchema, scenarioJsonSchema, SCENARIO_SCHEMA_FILE, SCENARIO_SCHEMA_ID } from './json-schema.ts';
export { formatBytes, formatDurationMs, parseBytes, parseDurationMs, parseRatePerSecond } from '../units.ts';
