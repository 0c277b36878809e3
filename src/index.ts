/**
 * replbench as a library: the same pieces the CLI is a thin shell over.
 * Load a scenario, run it, fold and render its events; or use the OCI
 * client, the workload generator and the embedded lab on their own.
 */
export { loadScenario, resolveScenario, type ResolvedScenario } from './scenario/index.ts';
export { runScenario, type RunScenarioOptions } from './run/runner.ts';
export type { RunResult } from './run/finish-run.ts';
export { remoteWorkers } from './dist/remote-clients.ts';
export { foldEvents } from './report/fold.ts';
export { rerender, writeReport } from './report/files.ts';
export type { Report } from './report/report.ts';
export { startLab, type Lab } from './lab/index.ts';
export * as oci from './oci/index.ts';
export * as workload from './workload/index.ts';
export { ReplbenchError, ConfigError, UsageError, AuthError, UnreachableError, TimeoutError, StalledError, AbortedError, DigestMismatchError, ProtocolError } from './errors.ts';
