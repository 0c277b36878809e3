/**
 * Cross-field checks of a lab config that a field schema cannot express:
 * names refer to declared regions, no duplicates, a hierarchy is one tree
 * rooted at a ReadWrite node, ReadOnly nodes have only ReadOnly children,
 * sync schedules parse. Each problem becomes an issue at its field path.
 */
import type { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { parseSchedule } from './sync-schedule.ts';
import type { LabConfigInputParsed } from './lab-config-schema.ts';

type Ctx = z.RefinementCtx;

export function checkLabConfig(c: LabConfigInputParsed, ctx: Ctx): void {
  const issue = (path: (string | number)[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
  const names = regionNames(c, issue);
  if (names.size === 0) return;
  const known = (path: (string | number)[], name: string | undefined): void => {
    if (name !== undefined && !names.has(name)) issue(path, `unknown region "${name}" (regions: ${[...names].join(', ')})`);
  };

  const seenLinks = new Set<string>();
  c.links.forEach((l, i) => {
    known(['links', i, 'from'], l.from);
    known(['links', i, 'to'], l.to);
    const key = `${l.from}→${l.to}`;
    if (seenLinks.has(key)) issue(['links', i], `the link ${key} is given twice`);
    seenLinks.add(key);
  });
  const seenPairs = new Set<string>();
  c.replication.pairs.forEach((p, i) => {
    known(['replication', 'pairs', i, 'from'], p.from);
    known(['replication', 'pairs', i, 'to'], p.to);
    if (p.from === p.to) issue(['replication', 'pairs', i, 'to'], 'a replication pair needs two different regions');
    const key = `${p.from}→${p.to}`;
    if (seenPairs.has(key)) issue(['replication', 'pairs', i], `the pair ${key} is given twice`);
    seenPairs.add(key);
  });
  c.faults.forEach((f, i) => {
    known(['faults', i, 'region'], f.region);
    if (f.kind === 'slow-link') known(['faults', i, 'from'], f.from);
    if (f.kind === 'wrong-storage') {
      known(['faults', i, 'storage'], f.storage);
      if (!c.dataEndpoints) issue(['faults', i, 'kind'], 'a wrong-storage fault needs dataEndpoints: true (without it blobs are served by the registry itself)');
    }
  });
  c.webhooks.forEach((w, i) => w.regions?.forEach((r, j) => known(['webhooks', i, 'regions', j], r)));
  if (c.topology.kind === 'hierarchy') checkHierarchy(c.topology.nodes, issue);
}

function regionNames(c: LabConfigInputParsed, issue: (path: (string | number)[], m: string) => void): Set<string> {
  const names = new Set<string>();
  c.regions?.forEach((r, i) => {
    if (names.has(r.name)) issue(['regions', i, 'name'], `the region "${r.name}" is declared twice`);
    names.add(r.name);
    if (r.mode !== undefined && r.writable !== undefined && (r.mode === 'ReadWrite') !== r.writable) {
      issue(['regions', i, 'writable'], `contradicts mode ${r.mode}`);
    }
  });
  if (c.topology.kind !== 'hierarchy') {
    if (c.regions === undefined) issue(['regions'], 'expected a list of regions such as [{name: eastus}, {name: westeurope}]');
    return names;
  }
  const nodeNames = new Set<string>();
  c.topology.nodes.forEach((n, i) => {
    if (nodeNames.has(n.name)) issue(['topology', 'nodes', i, 'name'], `the node "${n.name}" is declared twice`);
    nodeNames.add(n.name);
    const region = c.regions?.find((r) => r.name === n.name);
    if (c.regions !== undefined && region === undefined) {
      issue(['topology', 'nodes', i, 'name'], `"${n.name}" is not one of the regions`);
    }
    if (region?.mode !== undefined && region.mode !== n.mode) {
      issue(['topology', 'nodes', i, 'mode'], `contradicts the region's mode ${region.mode}`);
    }
  });
  for (const name of names) {
    if (!nodeNames.has(name)) issue(['topology', 'nodes'], `the region "${name}" has no hierarchy node`);
  }
  return nodeNames;
}

type Node = Extract<LabConfigInputParsed['topology'], { kind: 'hierarchy' }>['nodes'][number];

function checkHierarchy(nodes: readonly Node[], issue: (path: (string | number)[], m: string) => void): void {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const roots = nodes.filter((n) => n.parent === undefined);
  if (roots.length !== 1) {
    issue(['topology', 'nodes'], `expected exactly one root node (without parent), found ${roots.length}`);
  }
  nodes.forEach((n, i) => {
    const path = ['topology', 'nodes', i];
    if (n.parent === undefined) {
      if (n.mode !== 'ReadWrite') issue([...path, 'mode'], 'the root (cloud) registry must be ReadWrite');
    } else {
      const parent = byName.get(n.parent);
      if (parent === undefined) issue([...path, 'parent'], `unknown parent "${n.parent}"`);
      else if (parent.mode === 'ReadOnly' && n.mode !== 'ReadOnly') {
        issue([...path, 'mode'], `a ReadOnly node ("${parent.name}") accepts only ReadOnly children`);
      }
      let hops = 0;
      for (let p: Node | undefined = n; p?.parent !== undefined && hops <= nodes.length; hops++) p = byName.get(p.parent);
      if (hops > nodes.length) issue([...path, 'parent'], 'the hierarchy has a cycle');
    }
    if (n.syncSchedule !== undefined) {
      try {
        parseSchedule(n.syncSchedule);
      } catch (err: unknown) {
        issue([...path, 'syncSchedule'], err instanceof ConfigError ? err.message : String(err));
      }
      if (n.parent === undefined) issue([...path, 'syncSchedule'], 'the root node has no parent to sync with');
    } else if (n.syncWindow !== undefined) {
      issue([...path, 'syncWindow'], 'a sync window needs a syncSchedule');
    }
  });
}
