/** A run directory to store: the files a run writes, a subdirectory, binary bytes, and a file a store must leave out. */
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunSpec {
  readonly runId: string;
  readonly scenario: string;
  readonly startedAt: string;
  readonly pass: boolean;
}

export function makeRunDir(parent: string, spec: RunSpec): string {
  const dir = join(parent, spec.runId);
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'events.jsonl'), '{"type":"run-start"}\n{"type":"run-end"}\n');
  writeFileSync(join(dir, 'report.md'), `# ${spec.scenario}\n`);
  writeFileSync(join(dir, 'report.html'), '<!doctype html><p>ok</p>\n');
  writeFileSync(join(dir, 'pull_duration.endpoint-eastus+worker-eastus.hgrm'), '       Value   Percentile\n');
  const bytes = Buffer.alloc(70_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + spec.runId.length) & 0xff;
  writeFileSync(join(dir, 'assets', 'chart.bin'), bytes);
  writeFileSync(join(dir, 'summary.json.tmp'), 'half written');
  symlinkSync('report.md', join(dir, 'link.md'));
  writeFileSync(
    join(dir, 'summary.json'),
    `${JSON.stringify({ schemaVersion: 1, runId: spec.runId, scenario: spec.scenario, complete: true, startedAt: spec.startedAt, thresholds: [{ expr: 'x', ok: spec.pass }] }, null, 2)}\n`,
  );
  return dir;
}

/** Relative path → bytes (base64) of every regular file under dir. */
export function snapshotFiles(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const path = join(dir, rel, name);
    const r = rel === '' ? name : `${rel}/${name}`;
    const st = statSync(path, { throwIfNoEntry: false });
    if (st?.isDirectory()) Object.assign(out, snapshotFiles(dir, r));
    else if (st?.isFile()) out[r] = readFileSync(path).toString('base64');
  }
  return out;
}

/** What a store keeps of a run: every regular file but symlinks and *.tmp. */
export function storedView(snapshot: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshot).filter(([name]) => !name.endsWith('.tmp') && name !== 'link.md'));
}
