/** Moved to src/events/ (one schema per record, types derived from them, split by domain) and runClockUs to src/time/clock.ts; importers migrate. */
export * from '../events/index.ts';
export { runClockUs } from '../time/clock.ts';
