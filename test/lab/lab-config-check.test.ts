import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../src/errors.ts';
import { parseLabConfig } from '../../src/lab/lab-config.ts';

// checkLabConfig runs inside labConfigSchema; it is exercised through parseLabConfig.
const throwsConfig = (input: unknown, pattern: RegExp): void => {
  assert.throws(() => parseLabConfig(input, 'lab.yaml'), (e: unknown) => e instanceof ConfigError && pattern.test(e.message));
};

const check = suite('checkLabConfig');

check('names must refer to declared regions, once each', () => {
  throwsConfig({ regions: [{ name: 'a' }], links: [{ from: 'a', to: 'b', rtt: 5 }] }, /links\[0\]\.to: unknown region "b"/);
  throwsConfig({ regions: [{ name: 'a' }, { name: 'a' }] }, /regions\[1\]\.name: the region "a" is declared twice/);
  throwsConfig({ regions: [{ name: 'a' }, { name: 'b' }], replication: { pairs: [{ from: 'a', to: 'a' }] } }, /pairs\[0\]\.to: a replication pair needs two different regions/);
  throwsConfig({ regions: [{ name: 'a' }], faults: [{ kind: 'down', region: 'zz' }] }, /faults\[0\]\.region: unknown region "zz"/);
  throwsConfig({ regions: [{ name: 'a' }], links: [{ from: 'a', to: 'a', rtt: 1 }, { from: 'a', to: 'a', rtt: 2 }] }, /links\[1\]: the link a→a is given twice/);
  throwsConfig({ regions: [{ name: 'a' }], webhooks: [{ url: 'http://127.0.0.1:1/', regions: ['q'] }] }, /webhooks\[0\]\.regions\[0\]: unknown region "q"/);
  throwsConfig({ regions: [{ name: 'a', mode: 'ReadOnly', writable: true }] }, /regions\[0\]\.writable: contradicts mode ReadOnly/);
});

check('checks the hierarchy: one ReadWrite root, known parents, ReadOnly parents have ReadOnly children', () => {
  const h = (nodes: unknown[]) => ({ topology: { kind: 'hierarchy', nodes } });
  throwsConfig(h([{ name: 'a' }, { name: 'b' }]), /exactly one root node/);
  throwsConfig(h([{ name: 'a', mode: 'ReadOnly' }]), /root \(cloud\) registry must be ReadWrite/);
  throwsConfig(h([{ name: 'a' }, { name: 'b', parent: 'x' }]), /nodes\[1\]\.parent: unknown parent "x"/);
  throwsConfig(
    h([{ name: 'a' }, { name: 'b', parent: 'a', mode: 'ReadOnly' }, { name: 'c', parent: 'b', mode: 'ReadWrite' }]),
    /nodes\[2\]\.mode: a ReadOnly node \("b"\) accepts only ReadOnly children/,
  );
  throwsConfig(h([{ name: 'a' }, { name: 'b', parent: 'a', syncSchedule: 'sometimes' }]), /nodes\[1\]\.syncSchedule: expected a cron expression/);
  throwsConfig(h([{ name: 'a' }, { name: 'b', parent: 'a', syncWindow: '1h' }]), /a sync window needs a syncSchedule/);
  throwsConfig(
    { regions: [{ name: 'a' }, { name: 'b' }], topology: { kind: 'hierarchy', nodes: [{ name: 'a' }] } },
    /the region "b" has no hierarchy node/,
  );
});

check('a hierarchy node may not contradict its region entry', () => {
  throwsConfig(
    { regions: [{ name: 'a' }, { name: 'b', mode: 'ReadWrite' }], topology: { kind: 'hierarchy', nodes: [{ name: 'a' }, { name: 'b', parent: 'a', mode: 'ReadOnly' }] } },
    /nodes\[1\]\.mode: contradicts the region's mode ReadWrite/,
  );
  throwsConfig({ regions: [{ name: 'a' }], topology: { kind: 'hierarchy', nodes: [{ name: 'a' }, { name: 'z', parent: 'a' }] } }, /"z" is not one of the regions/);
});

check.run();
