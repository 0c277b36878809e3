/** Moved to src/config/issues.ts (one issue formatter for scenario and lab configs); importers migrate. */
export * from '../config/issues.ts';
