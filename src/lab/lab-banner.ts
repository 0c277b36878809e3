/**
 * What `replbench lab` prints when the lab is up: regions and modes, the
 * client-region × server-region port table with RTTs, replication model,
 * control URL and an example that works offline (replbench push, then probe or
 * skopeo inspect in another region). A pure function of the running lab.
 */
import { urlWithoutSecrets } from '../redact.ts';
import { formatBytes, formatDurationMs } from '../units.ts';
import { describeLag } from './lag-model.ts';
import type { Lab } from './lab.ts';
import { LinkTable } from './link.ts';

export function renderLabBanner(lab: Pick<Lab, 'config' | 'regions' | 'controlUrl'>): string {
  const { config, regions } = lab;
  const names = regions.map((r) => r.name);
  const links = new LinkTable(config);
  const out: string[] = [];
  const store = config.store.kind === 'directory' ? `directory store in ${config.store.dir}` : 'memory store';
  out.push(`replbench lab: ${regions.length} region(s), ${config.topology}, ${store}, seed ${config.seed}`);
  out.push('');
  for (const r of regions) {
    const parent = r.parent !== undefined ? `, parent ${r.parent}` : '';
    const cfg = config.regions.find((c) => c.name === r.name);
    const repos = cfg?.repositories !== undefined ? `, repositories ${cfg.repositories.join(' ')}` : '';
    const sync = cfg?.syncSchedule !== undefined ? `, sync "${cfg.syncSchedule}"${cfg.syncWindowMs !== undefined ? ` for ${formatDurationMs(cfg.syncWindowMs)}` : ''}` : '';
    out.push(`  ${r.name}: ${r.mode}${parent}${repos}${sync}`);
  }
  out.push('');
  out.push('Endpoints: a client in region <row> uses the port in column <server region> (plain HTTP, RTT in brackets):');
  const cell = (client: string, server: string): string => {
    const r = regions.find((x) => x.name === server);
    const link = links.base(client, server);
    const bw = link.bandwidthBytesPerSec !== undefined ? ` ${formatBytes(link.bandwidthBytesPerSec)}/s` : '';
    return `127.0.0.1:${r?.ports[client] ?? '?'} [${formatDurationMs(link.rttMs)}${bw}]`;
  };
  const rows = [['client \\ server', ...names], ...names.map((c) => [c, ...names.map((s) => cell(c, s))])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  for (const row of rows) out.push(`  ${row.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}`);
  out.push('');
  const bw = config.replication.bandwidthBytesPerSec;
  out.push(`Replication: ${describeLag(config.replication.lag)}${bw !== undefined ? `, ${formatBytes(bw)}/s between regions` : ''}`);
  for (const p of config.replication.pairs) {
    const lag = p.lag !== undefined ? describeLag(p.lag) : 'default lag';
    const pbw = p.bandwidthBytesPerSec !== undefined ? `, ${formatBytes(p.bandwidthBytesPerSec)}/s` : '';
    out.push(`  ${p.from} → ${p.to}: ${lag}${pbw}`);
  }
  const storage = regions.filter((r) => r.storageEndpoints !== undefined);
  if (storage.length > 0) {
    out.push('Data endpoints: blob GETs answer 307 to the region\'s storage host; its port for each client region:');
    for (const r of storage) out.push(`  ${r.name}: ${names.map((c) => `${c} ${new URL(r.storageEndpoints?.[c] ?? 'http://?').port}`).join(', ')}`);
  }
  if (config.faults.length > 0) out.push(`Faults from the config: ${config.faults.map((f) => `${f.kind} ${f.region}`).join(', ')}`);
  if (config.webhooks.length > 0) out.push(`Webhooks: ${config.webhooks.map((w) => `${w.format} → ${urlWithoutSecrets(w.url)}`).join(', ')}`);
  out.push('');
  out.push(`Control: ${lab.controlUrl}  (GET /ground-truth, GET|POST|DELETE /faults, GET /regions)`);
  const first = regions[0];
  if (first !== undefined) {
    const port = first.ports[first.name];
    // Nothing from a public registry: the example works offline.
    out.push(`Try:     replbench push 127.0.0.1:${port}/bench/app:v1   (a synthetic image into ${first.name})`);
    const other = regions[1];
    if (other !== undefined) {
      const seen = `127.0.0.1:${other.ports[first.name]}/bench/app:v1`;
      out.push(`then:    replbench probe ${seen}   (${other.name}, seen from ${first.name}, once replicated)`);
      out.push(`or:      skopeo inspect --tls-verify=false docker://${seen}`);
    }
  }
  out.push('Press Ctrl-C to stop.');
  return `${out.join('\n')}\n`;
}
