/** Moved to src/config/fields.ts (the field vocabulary of scenario and lab configs); importers migrate. */
export * from '../config/fields.ts';
