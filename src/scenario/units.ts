/** Moved to src/units.ts (a leaf vocabulary); importers migrate. */
export * from '../units.ts';
