import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderLabBanner } from '../../src/lab/lab-banner.ts';
import { parseLabConfig } from '../../src/lab/lab-config.ts';

const config = parseLabConfig({
  regions: [{ name: 'eastus' }, { name: 'westeurope' }],
  links: [{ from: 'eastus', to: 'westeurope', rtt: '80ms', bandwidth: '50MiB/s' }],
  replication: { lag: { model: 'lognormal', median: '400ms', p99: '3s' }, bandwidth: '100MiB/s' },
  webhooks: [{ url: 'http://user:pw@127.0.0.1:9/hook?sig=secret' }],
});
const regions = [
  { name: 'eastus', mode: 'ReadWrite' as const, endpoints: {}, ports: { eastus: 5000, westeurope: 5001 } },
  { name: 'westeurope', mode: 'ReadWrite' as const, endpoints: {}, ports: { eastus: 5002, westeurope: 5003 } },
];

const banner = suite('renderLabBanner');

banner('prints the port table with RTTs, the replication model and the control URL', () => {
  const text = renderLabBanner({ config, regions, controlUrl: 'http://127.0.0.1:6000' });
  assert.match(text, /2 region\(s\), multi-master, memory store/);
  assert.match(text, /eastus\s+127\.0\.0\.1:5000 \[1ms\]\s+127\.0\.0\.1:5002 \[80ms 50MiB\/s\]/);
  assert.match(text, /westeurope\s+127\.0\.0\.1:5001 \[80ms 50MiB\/s\]\s+127\.0\.0\.1:5003 \[1ms\]/);
  assert.match(text, /Replication: lognormal median 400ms, p99 3s, 100MiB\/s between regions/);
  assert.match(text, /Control: http:\/\/127\.0\.0\.1:6000/);
  assert.match(text, /Try: +replbench push 127\.0\.0\.1:5000\/bench\/app:v1 /);
  assert.match(text, /then: +replbench probe 127\.0\.0\.1:5002\/bench\/app:v1 +\(westeurope, seen from eastus/);
  assert.match(text, /skopeo inspect --tls-verify=false docker:\/\/127\.0\.0\.1:5002\/bench\/app:v1/);
  assert.not.match(text, /docker\.io|alpine/, 'nothing from a public registry: works offline');
});

banner('with data endpoints, the storage host ports per region and client region', () => {
  const withStorage = regions.map((r, i) => ({ ...r, storageEndpoints: { eastus: `http://127.0.0.1:${7000 + 2 * i}`, westeurope: `http://127.0.0.1:${7001 + 2 * i}` } }));
  const text = renderLabBanner({ config, regions: withStorage, controlUrl: 'http://127.0.0.1:6000' });
  assert.match(text, /Data endpoints: blob GETs answer 307/);
  assert.match(text, /\n {2}westeurope: eastus 7002, westeurope 7003\n/);
  assert.not.match(renderLabBanner({ config, regions, controlUrl: 'http://127.0.0.1:6000' }), /Data endpoints/);
});
banner('never prints webhook credentials or query strings', () => {
  const text = renderLabBanner({ config, regions, controlUrl: 'http://127.0.0.1:6000' });
  assert.not.match(text, /pw|secret/);
  assert.match(text, /acr → http:\/\/127\.0\.0\.1:9\/hook/);
});

banner.run();
