/** Moved to src/time/clock.ts (the leaf every clock comes from); importers migrate. */
export * from '../time/clock.ts';
