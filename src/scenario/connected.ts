/**
 * Connected registries in a scenario:
 *
 * - `workload.alsoPush`: more push streams besides the origin's, so one run
 *   measures cloud → edge and edge → cloud. Image i goes to stream
 *   i % (1 + alsoPush.length); stream 0 is the origin with the workload's
 *   repository and tag, stream k its k-th entry:
 *
 *     workload:
 *       repository: apps/app-{i}
 *       alsoPush:
 *         - { origin: onprem, repository: factory/line-{i} }
 *
 * - the hierarchy of an `oci` target (a real connected registry, by its
 *   endpoints): optional per-region `mode`, `parent`, `repositories`,
 *   `syncSchedule`, `syncWindow` — the same fields as the lab's hierarchy
 *   nodes. `hierarchyOf` reads either form.
 */
import { z } from 'zod';
import { matchesAnyGlob, regionMode, type RegionMode, regionName, repoGlobs, repositoryTemplate, tagTemplate } from '../config/fields.ts';
import { parseIsoDurationMs, parseSchedule } from '../lab/sync-schedule.ts';
import { ConfigError } from '../errors.ts';
import type { Fail } from './fail.ts';
import type { HierarchyNodeFields, ResolvedPushStream, ResolvedTarget } from './resolved.ts';
import { parseDurationMs } from '../units.ts';

export const alsoPushSchema = z
  .array(
    z.strictObject({
      origin: regionName.meta({ description: 'A writable region to push these images to.' }),
      repository: repositoryTemplate.optional().meta({ description: 'Repository template of these images (default: the workload\'s).' }),
      tag: tagTemplate.optional().meta({ description: 'Tag template of these images (default: the workload\'s).' }),
    }),
  )
  .min(1)
  .meta({ description: 'More push streams: image i goes to stream i % (1 + length); stream 0 is the origin.' });

export type AlsoPushParsed = z.output<typeof alsoPushSchema>;

/** A sync window: "10s", "PT3H" (ISO 8601, as ACR writes it) or ms. */
const syncWindowMs = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const iso = typeof v === 'string' ? parseIsoDurationMs(v) : undefined;
  if (iso !== undefined) return iso;
  try {
    return parseDurationMs(v);
  } catch (err: unknown) {
    ctx.addIssue({ code: 'custom', message: `${(err as Error).message} (or ISO 8601 such as "PT3H")` });
    return z.NEVER;
  }
});

/** Spread into an oci region's schema. */
export const connectedRegionFields = {
  mode: regionMode.optional().meta({ description: 'Connected registry mode: ReadOnly nodes must refuse pushes.' }),
  parent: regionName.optional().meta({ description: 'The region this connected registry syncs with.' }),
  repositories: repoGlobs.optional().meta({ description: 'The repositories this node syncs ("*" within a segment, "**" across); default all.' }),
  syncSchedule: z.string().min(1).optional().meta({ description: 'When sync starts: cron (UTC, 5 or 6 fields) or "every 30s".' }),
  syncWindow: syncWindowMs.optional().meta({ description: 'How long sync stays on after each start ("10s", "PT3H").' }),
};

export interface HierarchyNode extends HierarchyNodeFields {
  readonly name: string;
}

/** The nodes of a target whose regions say who syncs with whom; null when none does (multi-master). */
export function hierarchyOf(target: ResolvedTarget): readonly HierarchyNode[] | null {
  if (target.kind === 'lab') {
    const c = target.config;
    if (c.topology !== 'hierarchy') return null;
    return c.regions.map((r) => ({
      name: r.name,
      mode: r.mode,
      parent: r.parent ?? null,
      repositories: r.repositories ?? null,
      syncSchedule: r.syncSchedule ?? null,
      syncWindowMs: r.syncWindowMs ?? null,
    }));
  }
  if (target.kind !== 'oci' || !target.regions.some((r) => r.connected?.parent !== undefined && r.connected.parent !== null)) return null;
  return target.regions.map((r) => ({
    name: r.name,
    mode: r.connected?.mode ?? 'ReadWrite',
    parent: r.connected?.parent ?? null,
    repositories: r.connected?.repositories ?? null,
    syncSchedule: r.connected?.syncSchedule ?? null,
    syncWindowMs: r.connected?.syncWindowMs ?? null,
  }));
}

/** Regions that must refuse pushes (ReadOnly), in declaration order: lab regions, hierarchy nodes or oci regions with mode ReadOnly. */
export function readOnlyRegions(target: ResolvedTarget): string[] {
  if (target.kind === 'lab') return target.config.regions.filter((r) => r.mode === 'ReadOnly').map((r) => r.name);
  if (target.kind === 'oci') return target.regions.filter((r) => r.connected?.mode === 'ReadOnly').map((r) => r.name);
  return [];
}

/** Whether `region` accepts pushes to `repo`, when the target says (ReadOnly mode, repository subset). */
export function writable(target: ResolvedTarget, region: string, repo: string): boolean {
  if (readOnlyRegions(target).includes(region)) return false;
  const node = hierarchyOf(target)?.find((n) => n.name === region);
  return node === undefined || matchesAnyGlob(repo, node.repositories ?? undefined);
}

/** The oci region's `connected` block from its written fields (undefined when none was written). */
export function resolveConnectedRegion(r: {
  readonly mode?: RegionMode | undefined;
  readonly parent?: string | undefined;
  readonly repositories?: readonly string[] | undefined;
  readonly syncSchedule?: string | undefined;
  readonly syncWindow?: number | undefined;
}): HierarchyNodeFields | undefined {
  if ([r.mode, r.parent, r.repositories, r.syncSchedule, r.syncWindow].every((v) => v === undefined)) return undefined;
  return {
    mode: r.mode ?? 'ReadWrite',
    parent: r.parent ?? null,
    repositories: r.repositories ?? null,
    syncSchedule: r.syncSchedule ?? null,
    syncWindowMs: r.syncWindow ?? null,
  };
}

/** Cross-field rules of an oci hierarchy: parents exist, no cycles, schedules parse. */
export function checkOciHierarchy(regions: readonly { readonly name: string; readonly connected?: HierarchyNodeFields }[], fail: Fail): void {
  const names = regions.map((r) => r.name);
  regions.forEach((r, i) => {
    const c = r.connected;
    if (c === undefined) return;
    if (c.parent !== null && !names.includes(c.parent)) fail(['target', 'regions', i, 'parent'], `expected one of the regions (${names.join(', ')}), found ${JSON.stringify(c.parent)}`);
    if (c.parent === r.name) fail(['target', 'regions', i, 'parent'], 'expected another region than the node itself');
    if (c.syncSchedule !== null) {
      try {
        parseSchedule(c.syncSchedule);
      } catch (err: unknown) {
        fail(['target', 'regions', i, 'syncSchedule'], err instanceof ConfigError ? err.message : String(err));
      }
    }
    if (c.syncWindowMs !== null && c.syncSchedule === null) fail(['target', 'regions', i, 'syncWindow'], 'expected a syncSchedule with a syncWindow');
  });
  for (const [i, r] of regions.entries()) {
    const seen = new Set<string>([r.name]);
    let p = r.connected?.parent ?? null;
    while (p !== null) {
      if (seen.has(p)) fail(['target', 'regions', i, 'parent'], `expected a tree, found a cycle through ${JSON.stringify(p)}`);
      seen.add(p);
      p = regions.find((x) => x.name === p)?.connected?.parent ?? null;
    }
  }
}

/** The push streams: the origin's, then each alsoPush entry (repository and tag templates filled in). */
export function resolvePushStreams(
  origin: string,
  workload: { readonly repository: string; readonly tag: string },
  alsoPush: AlsoPushParsed | undefined,
  ctx: { readonly regions: readonly string[]; readonly target: ResolvedTarget },
  fail: Fail,
): ResolvedPushStream[] {
  const streams: ResolvedPushStream[] = [{ origin, repository: workload.repository, tag: workload.tag }];
  (alsoPush ?? []).forEach((a, i) => {
    if (!ctx.regions.includes(a.origin)) fail(['workload', 'alsoPush', i, 'origin'], `expected one of the regions (${ctx.regions.join(', ')}), found ${JSON.stringify(a.origin)}`);
    const repository = a.repository ?? workload.repository;
    if (!writable(ctx.target, a.origin, repository.replaceAll('{i}', '0'))) {
      fail(['workload', 'alsoPush', i, 'origin'], `expected a region that accepts pushes to ${repository} (ReadWrite, repository in its subset), found ${JSON.stringify(a.origin)}`);
    }
    streams.push({ origin: a.origin, repository, tag: a.tag ?? workload.tag });
  });
  return streams;
}
