/**
 * Reading lab configs from YAML (or JSON) files: either a lab config at the
 * top level, or a scenario whose `target` section has `kind: lab`. Errors name
 * the file and the field path. Also the built-in default lab (three regions).
 */
import { readFile } from 'node:fs/promises';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { ConfigError, describeError, describeReadFailure } from '../errors.ts';
import { parseLabConfig, type LabConfig, type LabConfigInput } from './lab-config.ts';

/** Three regions as seen from eastus: westeurope 80 ms away, japaneast 150 ms (and 220 ms between those two). */
export const DEFAULT_LAB_CONFIG_INPUT: LabConfigInput = {
  seed: 1,
  regions: [{ name: 'eastus' }, { name: 'westeurope' }, { name: 'japaneast' }],
  localRtt: '1ms',
  links: [
    { from: 'eastus', to: 'westeurope', rtt: '80ms' },
    { from: 'eastus', to: 'japaneast', rtt: '150ms' },
    { from: 'westeurope', to: 'japaneast', rtt: '220ms' },
  ],
  replication: {
    lag: { model: 'lognormal', median: '400ms', p99: '3s' },
    bandwidth: '100MiB/s',
  },
  topology: 'multi-master',
};

export function defaultLabConfig(): LabConfig {
  return parseLabConfig(DEFAULT_LAB_CONFIG_INPUT, 'the default lab config');
}

/** Parses YAML/JSON text holding a lab config or a scenario with `target: {kind: lab}`. */
export function parseLabConfigText(text: string, source: string): LabConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err: unknown) {
    const where = err instanceof YAMLParseError && err.linePos ? ` (line ${err.linePos[0].line})` : '';
    throw new ConfigError(`${source}${where}: not valid YAML: ${describeError(err)}`, { cause: err });
  }
  if (doc === null || doc === undefined) return parseLabConfig({}, source);
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ConfigError(`${source}: expected a mapping (a lab config or a scenario), found ${Array.isArray(doc) ? 'a list' : typeof doc}`);
  }
  const record = doc as Record<string, unknown>;
  if ('target' in record) {
    const target = record['target'];
    const kind = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)['kind'] : undefined;
    if (kind !== 'lab') {
      throw new ConfigError(`${source}: target.kind: expected "lab" to start a lab from this scenario, found ${JSON.stringify(kind)}`);
    }
    return parseLabConfig(target, source, ['target']);
  }
  return parseLabConfig(record, source);
}

export async function loadLabConfigFile(file: string): Promise<LabConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err: unknown) {
    throw new ConfigError(`${file}: cannot read the lab config: ${describeReadFailure(err)}`, { cause: err });
  }
  return parseLabConfigText(text, file);
}
