/** What the feature tests share: a temporary reports directory, and the records of one type from a run's log. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplEvent } from '../../../src/events/index.ts';

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'replbench-extras-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const ofType = <T extends ReplEvent['type']>(events: readonly ReplEvent[], type: T): Extract<ReplEvent, { type: T }>[] =>
  events.filter((e): e is Extract<ReplEvent, { type: T }> => e.type === type);
